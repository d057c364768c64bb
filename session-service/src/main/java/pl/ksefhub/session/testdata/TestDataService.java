package pl.ksefhub.session.testdata;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.JDBCException;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;
import pl.ksefhub.session.permissions.GrantStore;
import pl.ksefhub.session.testdata.TestDataValidation.Grant;
import pl.ksefhub.session.testdata.TestDataValidation.ValidContext;
import pl.ksefhub.session.testdata.TestDataValidation.ValidGrantee;
import pl.ksefhub.session.testdata.TestDataValidation.ValidPerson;
import pl.ksefhub.session.testdata.TestDataValidation.ValidSubject;
import pl.ksefhub.session.testdata.TestDataValidation.ValidSubunit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The test data of the KSeF test environment (dane-testowe-scenariusze.md): subjects, persons, permissions,
 * consents to attachments and blocked contexts. What they change is read where it matters: permissions and
 * persons by XAdES authentication ({@link SubjectStanding}, {@code xades_context_grant}), blocks by every
 * authentication and by session open, consents by session open.
 */
@ApplicationScoped
public class TestDataService {

    static final String NIP_CONTEXT = "Nip";
    static final String TEST_DATA_GRANT = "Uprawnienie nadane przez dane testowe";
    /** The author of test-data grants. */
    private static final Identifier SYSTEM = new Identifier(pl.ksefhub.session.permissions.Grant.SYSTEM, null);
    /** KSeF's days are Polish days: a consent announced to end "on" a date ends at its start there. */
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    private final TestSubjects subjects;
    private final TestPersons persons;
    private final GrantStore grants;
    private final AttachmentConsents consents;
    private final ContextBlocks blocks;

    public TestDataService(TestSubjects subjects, TestPersons persons, GrantStore grants,
                           AttachmentConsents consents, ContextBlocks blocks) {
        this.subjects = subjects;
        this.persons = persons;
        this.grants = grants;
        this.consents = consents;
        this.blocks = blocks;
    }

    /**
     * Creates the subject and its subunits. The same NIP again is 30001, unless the request names a
     * {@code createdDate} later than the stored one: then the new data replaces the old (the spec's rule for
     * creating test data "wielokrotnie" with one identifier).
     */
    @WithTransaction
    public Uni<Void> createSubject(TestDataApi.SubjectCreateRequest request) {
        ValidSubject subject = TestDataValidation.subject(request);
        OffsetDateTime now = now();
        return subjects.find(subject.nip()).chain(existing -> {
            if (existing != null && existing.type() == null) {
                // A subunit belongs to its parent; it is recreated only with it.
                throw TestDataErrors.alreadyExists("Podmiot %s jest jednostką podrzędną podmiotu %s."
                        .formatted(existing.nip(), existing.parentNip()));
            }
            if (existing != null) {
                requireLaterCreation("subject " + subject.nip(), subject.createdDate(), existing.createdDate());
            }
            Uni<Void> cleared = existing == null ? Uni.createFrom().voidItem()
                    : subjects.remove(subject.nip()).replaceWithVoid();
            return cleared.chain(() -> requireSubunitsFree(subject.subunits(), 0))
                    .chain(() -> subjects.insert(subject, createdDate(subject.createdDate(), now), now));
        }).onFailure(TestDataService::isDuplicateKey).transform(e -> TestDataErrors.alreadyExists(null));
    }

    /** Removes the subject, its subunits, the permissions granted in their contexts and their consents. */
    @WithTransaction
    public Uni<Void> removeSubject(TestDataApi.SubjectRemoveRequest request) {
        String nip = TestDataValidation.nip(request, "subjectNip", request == null ? null : request.subjectNip());
        return subjects.remove(nip).chain(removed -> {
            Uni<Void> cleanup = Uni.createFrom().voidItem();
            for (String removedNip : removed) {
                cleanup = cleanup.chain(() -> grants.revokeAllIn(new Identifier(NIP_CONTEXT, removedNip), now()))
                        .replaceWithVoid()
                        .chain(() -> consents.remove(removedNip));
            }
            return cleanup;
        });
    }

    /**
     * Creates the person; it owns its NIP's context by NIP and by PESEL. A NIP or PESEL in use is 30001, unless a
     * later {@code createdDate} replaces the person of that NIP.
     */
    @WithTransaction
    public Uni<Void> createPerson(TestDataApi.PersonCreateRequest request) {
        ValidPerson person = TestDataValidation.person(request);
        OffsetDateTime now = now();
        return persons.findByNip(person.nip()).chain(existing -> {
            if (existing != null) {
                requireLaterCreation("person " + person.nip(), person.createdDate(), existing.createdDate());
            }
            return persons.findByPesel(person.pesel()).chain(samePesel -> {
                if (samePesel != null && !samePesel.nip().equals(person.nip())) {
                    throw TestDataErrors.alreadyExists("Numer PESEL %s jest przypisany do osoby o NIP %s."
                            .formatted(person.pesel(), samePesel.nip()));
                }
                Uni<Void> cleared = existing == null ? Uni.createFrom().voidItem()
                        : persons.remove(person.nip()).replaceWithVoid();
                return cleared.chain(() -> persons.insert(person, createdDate(person.createdDate(), now), now));
            });
        }).onFailure(TestDataService::isDuplicateKey).transform(e -> TestDataErrors.alreadyExists(null));
    }

    /** Removes the person and every permission granted to its NIP or PESEL ("odbierze jej wszystkie uprawnienia"). */
    @WithTransaction
    public Uni<Void> removePerson(TestDataApi.PersonRemoveRequest request) {
        String nip = TestDataValidation.nip(request, "nip", request == null ? null : request.nip());
        return persons.remove(nip).chain(removed -> {
            if (removed == null) {
                return Uni.createFrom().voidItem();
            }
            return grants.revokeHeldBy(new Identifier(CertificateSubject.NIP, removed.nip()), now())
                    .chain(() -> grants.revokeHeldBy(new Identifier(CertificateSubject.PESEL, removed.pesel()),
                            now()))
                    .replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> grantPermissions(TestDataApi.PermissionsGrantRequest request) {
        Grant grant = TestDataValidation.grant(request);
        ValidGrantee grantee = grant.grantee();
        Identifier context = new Identifier(NIP_CONTEXT, grantee.contextNip());
        Identifier subject = new Identifier(grantee.subjectType(), grantee.subjectValue());
        OffsetDateTime now = now();
        Uni<Void> granted = Uni.createFrom().voidItem();
        // The same grants as /permissions/persons/grants makes, by the System: logins and queries see no difference.
        for (String permission : grant.permissions()) {
            granted = granted.chain(() -> grants.grant(new GrantStore.NewGrant(Kind.Person, context, null, subject,
                    permission, false, TEST_DATA_GRANT, SYSTEM, context, null, null, null, null), now))
                    .replaceWithVoid();
        }
        return granted;
    }

    @WithTransaction
    public Uni<Void> revokePermissions(TestDataApi.PermissionsRevokeRequest request) {
        ValidGrantee grantee = TestDataValidation.revoke(request);
        return grants.revokeHeldIn(new Identifier(NIP_CONTEXT, grantee.contextNip()),
                new Identifier(grantee.subjectType(), grantee.subjectValue()), now()).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> grantAttachments(TestDataApi.AttachmentGrantRequest request) {
        String nip = TestDataValidation.nip(request, "nip", request == null ? null : request.nip());
        return consents.grant(nip, now());
    }

    /** Ends the consent on {@code expectedEndDate} when it is a future day, else at once. */
    @WithTransaction
    public Uni<Void> revokeAttachments(TestDataApi.AttachmentRevokeRequest request) {
        String nip = TestDataValidation.nip(request, "nip", request == null ? null : request.nip());
        return consents.revoke(nip, request.expectedEndDate(), LocalDate.now(WARSAW));
    }

    /** Blocks the context the request names, or the caller's when it names none. */
    @WithTransaction
    public Uni<Void> block(TestDataApi.ContextAuthenticationRequest request, KsefPrincipal caller) {
        ValidContext context = context(request, caller);
        return blocks.block(context.type(), context.value(), now());
    }

    /** Unblocks the context the request names, or the caller's when it names none. */
    @WithTransaction
    public Uni<Void> unblock(TestDataApi.ContextAuthenticationRequest request, KsefPrincipal caller) {
        ValidContext context = context(request, caller);
        return blocks.unblock(context.type(), context.value());
    }

    private static ValidContext context(TestDataApi.ContextAuthenticationRequest request, KsefPrincipal caller) {
        ValidContext named = TestDataValidation.context(request);
        if (named != null) {
            return named;
        }
        if (caller == null) {
            throw KsefException.validation("'contextIdentifier' must not be empty.");
        }
        return new ValidContext(caller.contextType(), caller.contextValue());
    }

    /** Subunits must not exist yet, as subjects or as another subject's subunits; checked one after another. */
    private Uni<Void> requireSubunitsFree(List<ValidSubunit> subunits, int index) {
        if (index == subunits.size()) {
            return Uni.createFrom().voidItem();
        }
        String nip = subunits.get(index).nip();
        return subjects.find(nip).chain(existing -> {
            if (existing != null) {
                throw TestDataErrors.alreadyExists("Podmiot %s już istnieje.".formatted(nip));
            }
            return requireSubunitsFree(subunits, index + 1);
        });
    }

    /**
     * A second creation with one identifier must name a creation date later than the previous one; without a date
     * it is a duplicate.
     */
    private static void requireLaterCreation(String what, OffsetDateTime requested, OffsetDateTime stored) {
        if (requested == null) {
            throw TestDataErrors.alreadyExists(null);
        }
        if (!requested.isAfter(stored)) {
            throw KsefException.validation("'createdDate' must be later than the creation date of the %s: %s."
                    .formatted(what, stored.withOffsetSameInstant(ZoneOffset.UTC)));
        }
    }

    /**
     * Two requests for one new NIP at once both find none and both insert: the later insert hits the primary key
     * and answers as the same request a moment later would, 30001 (a 500 before; found by ApiFuzzSystemIT).
     */
    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JDBCException jdbc && "23505".equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static OffsetDateTime createdDate(OffsetDateTime requested, OffsetDateTime now) {
        return requested == null ? now : requested;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
