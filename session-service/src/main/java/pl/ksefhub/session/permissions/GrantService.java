package pl.ksefhub.session.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.permissions.Callers.Caller;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;
import pl.ksefhub.session.permissions.GrantStore.NewGrant;
import pl.ksefhub.session.permissions.PermissionsApi.EntityAuthorizationPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermission;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityAdministrationPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.IndirectPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PermissionsOperationResponse;
import pl.ksefhub.session.permissions.PermissionsApi.PersonPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.SubunitPermissionsGrantRequest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The grant and revoke operations of uprawnienia.md ("Nadawanie uprawnień", "Odbieranie uprawnień"). A malformed
 * body is a 400 at once; what is wrong between the identifiers, roles and existing grants becomes the operation's
 * status (410-450), read from {@code GET /permissions/operations/{ref}}. Either way the status is final when the 202
 * leaves: the operation and its grants commit together.
 */
@ApplicationScoped
public class GrantService {

    static final Set<String> PERSON_PERMISSIONS = Set.of("CredentialsManage", "CredentialsRead", "InvoiceWrite",
            "InvoiceRead", "Introspection", "SubunitManage", "EnforcementOperations");
    static final Set<String> INVOICE_PERMISSIONS = Set.of("InvoiceWrite", "InvoiceRead");
    static final Set<String> AUTHORIZATIONS = Set.of("SelfInvoicing", "RRInvoicing", "TaxRepresentative",
            "PefInvoicing");
    static final Set<String> PERSON_SUBJECTS = Set.of("Nip", "Pesel", "Fingerprint");
    static final Set<String> PERSON_DETAILS = Set.of("PersonByIdentifier", "PersonByFingerprintWithIdentifier",
            "PersonByFingerprintWithoutIdentifier");
    static final Set<String> EU_DETAILS = Set.of("PersonByFingerprintWithIdentifier",
            "PersonByFingerprintWithoutIdentifier", "EntityByFingerprint");
    /** What an administrator of an EU entity gets, without asking ("Metoda automatycznie nadaje"). */
    static final List<String> EU_ADMINISTRATOR = List.of("VatUeManage", "InvoiceWrite", "InvoiceRead",
            "Introspection");
    static final String ENFORCEMENT_OPERATIONS = "EnforcementOperations";

    private final GrantStore grants;
    private final PermissionOperations operations;
    private final Callers callers;
    private final EntityRoles roles;

    public GrantService(GrantStore grants, PermissionOperations operations, Callers callers, EntityRoles roles) {
        this.grants = grants;
        this.operations = operations;
        this.callers = callers;
        this.roles = roles;
    }

    /** {@code POST /permissions/persons/grants}: persons to work in the current context. */
    @WithTransaction
    public Uni<PermissionsOperationResponse> persons(KsefPrincipal principal, PersonPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", PERSON_SUBJECTS);
        List<String> permissions = check.permissions(request.permissions(), PERSON_PERMISSIONS);
        check.description(request.description());
        check.subjectDetails(request.subjectDetails(), PERSON_DETAILS);
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!isNipOrInternalId(caller.context())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Uprawnienia osobom nadaje się w kontekście NIP lub identyfikatora wewnętrznego."));
            }
            Uni<Boolean> enforcementAllowed = permissions.contains(ENFORCEMENT_OPERATIONS)
                    ? roles.of(ContextIdentifiers.nipOf(caller.context().type(), caller.context().value()))
                    .map(held -> held.stream().anyMatch(role -> EntityRoles.COURT_BAILIFF.equals(role.role())
                            || EntityRoles.ENFORCEMENT_AUTHORITY.equals(role.role())))
                    : Uni.createFrom().item(true);
            return enforcementAllowed.chain(allowed -> {
                if (!allowed) {
                    return status(OperationStatus.contextLacksRole("Uprawnienie EnforcementOperations może nadać"
                            + " tylko podmiot o roli EnforcementAuthority lub CourtBailiff."));
                }
                return grantAll(permissions.stream().map(permission -> new NewGrant(Kind.Person, caller.context(),
                        null, subject, permission, false, request.description(), caller.author(), caller.context(),
                        json(request.subjectDetails()), null, null, null)).toList());
            });
        });
    }

    /** {@code POST /permissions/entities/grants}: an entity handles the context's invoices, maybe passing it on. */
    @WithTransaction
    public Uni<PermissionsOperationResponse> entities(KsefPrincipal principal, EntityPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", Set.of("Nip"));
        List<EntityPermission> permissions = request.permissions() == null ? List.of() : request.permissions();
        if (permissions.isEmpty()) {
            check.problem("'permissions' must not be empty.");
        }
        for (int i = 0; i < permissions.size(); i++) {
            EntityPermission permission = permissions.get(i);
            check.oneOf(permission == null ? null : permission.type(), "permissions[%d].type".formatted(i),
                    INVOICE_PERMISSIONS, true);
        }
        check.description(request.description());
        check.subjectDetails(request.subjectDetails(), Set.of());
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!isNipOrInternalId(caller.context())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Uprawnienia podmiotom nadaje się w kontekście NIP lub identyfikatora wewnętrznego."));
            }
            // A subunit (InternalId) may let its own entity handle its invoices; a NIP not itself.
            if (subject.is(caller.context())) {
                return status(OperationStatus.identifiersMismatch("Podmiot nie nadaje uprawnień samemu sobie."));
            }
            List<NewGrant> toGrant = new ArrayList<>();
            for (EntityPermission permission : permissions) {
                if (toGrant.stream().noneMatch(grant -> grant.permission().equals(permission.type()))) {
                    toGrant.add(new NewGrant(Kind.Entity, caller.context(), null, subject, permission.type(),
                            Boolean.TRUE.equals(permission.canDelegate()), request.description(), caller.author(),
                            caller.context(), json(request.subjectDetails()), null, null, null));
                }
            }
            return grantAll(toGrant);
        });
    }

    /** {@code POST /permissions/authorizations/grants}: another entity issues invoices for this one. */
    @WithTransaction
    public Uni<PermissionsOperationResponse> authorizations(KsefPrincipal principal,
                                                            EntityAuthorizationPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier",
                Set.of("Nip", "PeppolId"));
        check.oneOf(request.permission(), "permission", AUTHORIZATIONS, true);
        check.description(request.description());
        check.subjectDetails(request.subjectDetails(), Set.of());
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!"Nip".equals(caller.context().type())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Uprawnienia podmiotowe nadaje podmiot w kontekście swojego NIP."));
            }
            // A Peppol provider issues PEF invoices; the other authorizations are between entities of NIPs.
            if ("PefInvoicing".equals(request.permission()) != "PeppolId".equals(subject.type())) {
                return status(OperationStatus.identifierNotAllowed("Uprawnienie " + request.permission()
                        + " nie może zostać nadane identyfikatorowi typu " + subject.type() + "."));
            }
            if (subject.is(caller.context())) {
                return status(OperationStatus.identifiersMismatch("Podmiot nie nadaje uprawnień samemu sobie."));
            }
            return grantAll(List.of(new NewGrant(Kind.Authorization, caller.context(), null, subject,
                    request.permission(), false, request.description(), caller.author(), caller.context(),
                    json(request.subjectDetails()), null, null, null)));
        });
    }

    /**
     * {@code POST /permissions/indirect/grants}: the intermediary (current context) lets a person handle the
     * invoices of one client (selective: only once that client let it pass a permission on) or of all (general).
     */
    @WithTransaction
    public Uni<PermissionsOperationResponse> indirect(KsefPrincipal principal,
                                                      IndirectPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", PERSON_SUBJECTS);
        Identifier target = request.targetIdentifier() == null ? new Identifier(Grant.ALL_PARTNERS, null)
                : check.identifier(request.targetIdentifier(), "targetIdentifier",
                Set.of("Nip", "AllPartners", "InternalId"));
        List<String> permissions = check.permissions(request.permissions(), INVOICE_PERMISSIONS);
        check.description(request.description());
        check.subjectDetails(request.subjectDetails(), PERSON_DETAILS);
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!"Nip".equals(caller.context().type())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Uprawnienia w sposób pośredni nadaje pośrednik w kontekście swojego NIP."));
            }
            Uni<Boolean> delegated = Grant.ALL_PARTNERS.equals(target.type()) ? Uni.createFrom().item(true)
                    : grants.involving(target).map(inTarget ->
                    EffectivePermissions.delegated(inTarget, target, caller.context(), null));
            return delegated.chain(allowed -> {
                if (!allowed) {
                    return status(OperationStatus.relationNotAllowed("Podmiot " + target.value()
                            + " nie nadał podmiotowi " + caller.context().value()
                            + " uprawnienia z prawem do dalszego przekazywania."));
                }
                return grantAll(permissions.stream().map(permission -> new NewGrant(Kind.Indirect,
                        caller.context(), target, subject, permission, false, request.description(),
                        caller.author(), caller.context(), json(request.subjectDetails()), null, null, null))
                        .toList());
            });
        });
    }

    /**
     * {@code POST /permissions/subunits/grants}: an administrator (CredentialsManage) of a subunit of the current
     * context (its InternalId) or of a subordinate entity (a member of its VAT group, a subordinate JST).
     */
    @WithTransaction
    public Uni<PermissionsOperationResponse> subunits(KsefPrincipal principal, SubunitPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", PERSON_SUBJECTS);
        Identifier subunit = check.identifier(request.contextIdentifier(), "contextIdentifier",
                Set.of("InternalId", "Nip"));
        check.description(request.description());
        if (request.subunitName() != null && (request.subunitName().length() < 5
                || request.subunitName().length() > 256)) {
            check.problem("'subunitName' must be between 5 and 256 characters. You entered %d characters."
                    .formatted(request.subunitName().length()));
        }
        check.subjectDetails(request.subjectDetails(), PERSON_DETAILS);
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!"Nip".equals(caller.context().type())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Administratorów jednostek podrzędnych nadaje podmiot w kontekście swojego NIP."));
            }
            Uni<OperationStatus> refusal;
            if ("InternalId".equals(subunit.type())) {
                refusal = Uni.createFrom().item(subunit.value().startsWith(caller.context().value() + "-") ? null
                        : OperationStatus.identifiersMismatch("Identyfikator wewnętrzny " + subunit.value()
                        + " nie należy do podmiotu " + caller.context().value() + "."));
            } else {
                refusal = roles.of(caller.context().value()).chain(held -> {
                    if (held.stream().noneMatch(role -> EntityRoles.VAT_GROUP_UNIT.equals(role.role())
                            || EntityRoles.LOCAL_GOVERNMENT_UNIT.equals(role.role()))) {
                        return Uni.createFrom().item(OperationStatus.contextLacksRole("Podmiot "
                                + caller.context().value() + " nie jest grupą VAT ani nadrzędną JST."));
                    }
                    return roles.subordinatesOf(caller.context().value()).map(subordinates ->
                            subordinates.stream().anyMatch(s -> s.nip().equals(subunit.value())) ? null
                                    : OperationStatus.relationNotAllowed("Podmiot " + subunit.value()
                                    + " nie jest podmiotem podrzędnym podmiotu " + caller.context().value() + "."));
                });
            }
            return refusal.chain(refused -> refused != null ? status(refused)
                    : grantAll(List.of(new NewGrant(Kind.Subunit, subunit, null, subject, "CredentialsManage",
                    false, request.description(), caller.author(), caller.context(), json(request.subjectDetails()),
                    request.subunitName(), null, null))));
        });
    }

    /**
     * {@code POST /permissions/eu-entities/administration/grants}: the administrator of an EU entity in the NIP-VAT UE
     * context of the current NIP, identified by its certificate's fingerprint.
     */
    @WithTransaction
    public Uni<PermissionsOperationResponse> euAdministration(KsefPrincipal principal,
                                                              EuEntityAdministrationPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", Set.of("Fingerprint"));
        Identifier euContext = check.identifier(request.contextIdentifier(), "contextIdentifier", Set.of("NipVatUe"));
        check.description(request.description());
        check.require(request.euEntityName(), "euEntityName");
        if (request.euEntityName() != null && (request.euEntityName().length() < 5
                || request.euEntityName().length() > 256)) {
            check.problem("'euEntityName' must be between 5 and 256 characters. You entered %d characters."
                    .formatted(request.euEntityName().length()));
        }
        check.subjectDetails(request.subjectDetails(), EU_DETAILS);
        check.require(request.euEntityDetails(), "euEntityDetails");
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!"Nip".equals(caller.context().type())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Administratora podmiotu unijnego nadaje podmiot w kontekście swojego NIP."));
            }
            if (!euContext.value().startsWith(caller.context().value() + "-")) {
                return status(OperationStatus.identifiersMismatch("Kontekst złożony " + euContext.value()
                        + " nie zaczyna się od NIP-u " + caller.context().value() + "."));
            }
            return grantAll(EU_ADMINISTRATOR.stream().map(permission -> new NewGrant(Kind.EuEntityAdministration,
                    euContext, null, subject, permission, false, request.description(), caller.author(),
                    caller.context(), json(request.subjectDetails()), null, request.euEntityName(),
                    json(request.euEntityDetails()))).toList());
        });
    }

    /** {@code POST /permissions/eu-entities/grants}: a representative of the EU entity of the current context. */
    @WithTransaction
    public Uni<PermissionsOperationResponse> euRepresentatives(KsefPrincipal principal,
                                                               EuEntityPermissionsGrantRequest request) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(request, "request");
        if (request == null) {
            check.throwIfAny();
        }
        Identifier subject = check.identifier(request.subjectIdentifier(), "subjectIdentifier", Set.of("Fingerprint"));
        List<String> permissions = check.permissions(request.permissions(), INVOICE_PERMISSIONS);
        check.description(request.description());
        check.subjectDetails(request.subjectDetails(), EU_DETAILS);
        check.throwIfAny();
        return operate(principal, caller -> {
            if (!"NipVatUe".equals(caller.context().type())) {
                return status(OperationStatus.identifierNotAllowed(
                        "Reprezentantów podmiotu unijnego nadaje się w kontekście złożonym NIP-VAT UE."));
            }
            return grantAll(permissions.stream().map(permission -> new NewGrant(Kind.EuEntityRepresentative,
                    caller.context(), null, subject, permission, false, request.description(), caller.author(),
                    caller.context(), json(request.subjectDetails()), null, null, null)).toList());
        });
    }

    /**
     * {@code DELETE /permissions/common/grants/{permissionId}}: any grant but an authorization, by the context it
     * works in or the one it was granted from.
     */
    @WithTransaction
    public Uni<PermissionsOperationResponse> revokeCommon(KsefPrincipal principal, String permissionId) {
        requirePermissionId(permissionId);
        return operate(principal, caller -> grants.find(permissionId).chain(grant -> {
            OperationStatus refusal = revocable(grant, caller, permissionId);
            if (refusal != null) {
                return status(refusal);
            }
            if (grant.kind() == Kind.Authorization) {
                return status(OperationStatus.identifierNotAllowed("Uprawnienie podmiotowe odbiera się przez"
                        + " DELETE /permissions/authorizations/grants/{permissionId}."));
            }
            return revoke(permissionId);
        }));
    }

    /** {@code DELETE /permissions/authorizations/grants/{permissionId}}: by the authorizing entity. */
    @WithTransaction
    public Uni<PermissionsOperationResponse> revokeAuthorization(KsefPrincipal principal, String permissionId) {
        requirePermissionId(permissionId);
        return operate(principal, caller -> grants.find(permissionId).chain(grant -> {
            OperationStatus refusal = revocable(grant, caller, permissionId);
            if (refusal != null) {
                return status(refusal);
            }
            if (grant.kind() != Kind.Authorization) {
                return status(OperationStatus.identifierNotAllowed("Uprawnienie " + permissionId
                        + " nie jest uprawnieniem podmiotowym."));
            }
            return revoke(permissionId);
        }));
    }

    private static OperationStatus revocable(Grant grant, Caller caller, String permissionId) {
        if (grant == null || !grant.active()) {
            return OperationStatus.identifiersMismatch("Uprawnienie " + permissionId
                    + " nie istnieje lub zostało już odebrane.");
        }
        if (!grant.context().is(caller.context()) && !grant.grantedIn().is(caller.context())) {
            return OperationStatus.notPermitted("Uprawnienie " + permissionId
                    + " nie zostało nadane w bieżącym kontekście.");
        }
        return null;
    }

    private Uni<OperationStatus> revoke(String permissionId) {
        return grants.revoke(permissionId, now()).replaceWith(OperationStatus.succeeded());
    }

    private Uni<PermissionsOperationResponse> operate(KsefPrincipal principal,
                                                      Function<Caller, Uni<OperationStatus>> decision) {
        OffsetDateTime now = now();
        String referenceNumber = ReferenceNumbers.next(ReferenceNumbers.PERMISSION_OPERATION);
        return callers.of(principal).chain(caller -> decision.apply(caller)
                        .chain(status -> operations.record(referenceNumber, caller.context(), status, now)))
                .replaceWith(new PermissionsOperationResponse(referenceNumber));
    }

    /** Every grant, one after another (a Hibernate Reactive session runs one statement at a time). */
    private Uni<OperationStatus> grantAll(List<NewGrant> toGrant) {
        OffsetDateTime now = now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (NewGrant grant : toGrant) {
            chain = chain.chain(() -> grants.grant(grant, now)).replaceWithVoid();
        }
        return chain.replaceWith(OperationStatus.succeeded());
    }

    private static Uni<OperationStatus> status(OperationStatus status) {
        return Uni.createFrom().item(status);
    }

    private static boolean isNipOrInternalId(Identifier context) {
        return "Nip".equals(context.type()) || "InternalId".equals(context.type());
    }

    static void requirePermissionId(String permissionId) {
        if (permissionId == null || permissionId.length() != 36) {
            throw pl.ksefhub.platform.error.KsefException.validation(
                    "'permissionId' must be 36 characters in length. You entered %d characters."
                            .formatted(permissionId == null ? 0 : permissionId.length()));
        }
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
