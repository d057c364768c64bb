package pl.ksefhub.session.testdata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.auth.Permissions;
import pl.ksefhub.session.auth.xades.CertificateSubject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the test data says about a subject authenticating in a context (read by XAdES authentication): whether the
 * context is blocked, whether the subject is a deceased person, whether it owns the context as a person of
 * {@code /testdata/person}.
 *
 * <p>A subject of {@code /testdata/subject} of any type (VAT group and JST included) changes nothing here: a
 * certificate of its NIP owns its context as it would an unregistered NIP's (the official SDK's tests log in so).
 */
@ApplicationScoped
public class SubjectStanding {

    private static final String ENFORCEMENT_OPERATIONS = "EnforcementOperations";

    private final ContextBlocks blocks;
    private final TestPersons persons;

    public SubjectStanding(ContextBlocks blocks, TestPersons persons) {
        this.blocks = blocks;
        this.persons = persons;
    }

    /**
     * @param contextBlocked   authentication in the context ends with 480
     * @param deceased         the subject is a deceased person: 470
     * @param ownerPermissions what the subject holds as the owner of the context (empty when it is not)
     */
    public record Standing(boolean contextBlocked, boolean deceased, List<String> ownerPermissions) {
    }

    public Uni<Standing> of(String contextType, String contextValue, CertificateSubject subject) {
        // One query after another: a Hibernate Reactive session runs one at a time.
        return blocks.isBlocked(contextType, contextValue)
                .chain(blocked -> persons.findBySubject(subject.type(), subject.value())
                        .map(person -> new Standing(blocked, person != null && person.deceased(),
                                ownerPermissions(contextType, contextValue, person))));
    }

    /**
     * The owner of a NIP context is the person of that NIP, by NIP or by the PESEL linked to it (uprawnienia.md,
     * "Właściciel"); a bailiff also holds EnforcementOperations (dane-testowe-scenariusze.md, 1 and 2).
     */
    static List<String> ownerPermissions(String contextType, String contextValue, TestPersons.Stored person) {
        if (person == null || !"Nip".equals(contextType) || !person.nip().equals(contextValue)) {
            return List.of();
        }
        return ownerPermissions(person.bailiff());
    }

    /** The Owner role covers every invoice and administrative permission but VatUeManage (uprawnienia.md). */
    static List<String> ownerPermissions(boolean bailiff) {
        List<String> permissions = new ArrayList<>(Permissions.ALL);
        permissions.remove("VatUeManage");
        if (!bailiff) {
            permissions.remove(ENFORCEMENT_OPERATIONS);
        }
        return List.copyOf(permissions);
    }
}
