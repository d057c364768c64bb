package pl.ksefhub.session.permissions;

import java.util.List;

/**
 * The statuses of {@code PermissionsOperationStatusResponse}, as the spec's table words them. A grant or revoke is
 * decided within its request: the status is final when the 202 leaves (as authentication by KSeF token), 100 is never
 * seen.
 */
public record OperationStatus(int code, String description, List<String> details) {

    static OperationStatus succeeded() {
        return new OperationStatus(200, "Operacja zakończona sukcesem", List.of());
    }

    /** 410: identifiers that do not fit together or stand in the wrong relation. */
    static OperationStatus identifiersMismatch(String detail) {
        return new OperationStatus(410, "Podane identyfikatory są niezgodne lub pozostają w niewłaściwej relacji",
                List.of(detail));
    }

    /** 420: the credentials used may not do this. */
    static OperationStatus notPermitted(String detail) {
        return new OperationStatus(420, "Użyte poświadczenia nie mają uprawnień do wykonania tej operacji",
                List.of(detail));
    }

    /** 430: the context has not the role or permissions the operation needs. */
    static OperationStatus contextLacksRole(String detail) {
        return new OperationStatus(430, "Kontekst identyfikatora nie odpowiada wymaganej roli lub uprawnieniom",
                List.of(detail));
    }

    /** 440: not allowed for these links between identifiers. */
    static OperationStatus relationNotAllowed(String detail) {
        return new OperationStatus(440, "Operacja niedozwolona dla wskazanych powiązań identyfikatorów",
                List.of(detail));
    }

    /** 450: not allowed for this identifier or its type. */
    static OperationStatus identifierNotAllowed(String detail) {
        return new OperationStatus(450, "Operacja niedozwolona dla wskazanego identyfikatora lub jego typu",
                List.of(detail));
    }
}
