package pl.ksefhub.session.testdata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.testdata.TestDataValidation.ValidSubject;
import pl.ksefhub.session.testdata.TestDataValidation.ValidSubunit;

import java.time.OffsetDateTime;
import java.util.List;

/** The {@code test_subject} table: subjects of {@code /testdata/subject} and their subunits. */
@ApplicationScoped
public class TestSubjects {

    /** A stored subject; {@code type} is null for a subunit. */
    record Stored(String nip, String type, String parentNip, OffsetDateTime createdDate) {
    }

    Uni<Stored> find(String nip) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select nip, subject_type, parent_nip, created_date from test_subject where nip = ?1
                        """, Object[].class)
                .setParameter(1, nip).getResultList())
                .map(rows -> rows.isEmpty() ? null : new Stored((String) rows.get(0)[0], (String) rows.get(0)[1],
                        (String) rows.get(0)[2], (OffsetDateTime) rows.get(0)[3]));
    }

    Uni<Void> insert(ValidSubject subject, OffsetDateTime createdDate, OffsetDateTime now) {
        Uni<Void> inserts = insert(subject.nip(), subject.type(), null, subject.description(), createdDate, now);
        for (ValidSubunit subunit : subject.subunits()) {
            inserts = inserts.chain(() -> insert(subunit.nip(), null, subject.nip(), subunit.description(),
                    createdDate, now));
        }
        return inserts;
    }

    /** Removes the subject and its subunits. @return their NIPs; empty when none was stored */
    Uni<List<String>> remove(String nip) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from test_subject where nip = ?1 or parent_nip = ?1 returning nip
                        """, String.class)
                .setParameter(1, nip).getResultList());
    }

    private Uni<Void> insert(String nip, String type, String parentNip, String description,
                             OffsetDateTime createdDate, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into test_subject (nip, subject_type, parent_nip, description, created_date,
                                                  created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        """)
                .setParameter(1, nip).setParameter(2, type).setParameter(3, parentNip)
                .setParameter(4, description).setParameter(5, createdDate).setParameter(6, now)
                .executeUpdate()).replaceWithVoid();
    }
}
