package pl.ksefhub.session.testdata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.testdata.TestDataValidation.ValidPerson;

import java.time.OffsetDateTime;
import java.util.List;

/** The {@code test_person} table: persons of {@code /testdata/person}, a NIP and the PESEL linked to it. */
@ApplicationScoped
public class TestPersons {

    record Stored(String nip, String pesel, boolean bailiff, boolean deceased, OffsetDateTime createdDate) {
    }

    private static final String COLUMNS = "nip, pesel, is_bailiff, is_deceased, created_date";

    Uni<Stored> findByNip(String nip) {
        return first("select " + COLUMNS + " from test_person where nip = ?1", nip);
    }

    Uni<Stored> findByPesel(String pesel) {
        return first("select " + COLUMNS + " from test_person where pesel = ?1", pesel);
    }

    /** The person a certificate names: by NIP or by PESEL ({@link CertificateSubject#type()}); else null. */
    Uni<Stored> findBySubject(String subjectType, String subjectValue) {
        return switch (subjectType) {
            case CertificateSubject.NIP -> findByNip(subjectValue);
            case CertificateSubject.PESEL -> findByPesel(subjectValue);
            default -> Uni.createFrom().nullItem();
        };
    }

    Uni<Void> insert(ValidPerson person, OffsetDateTime createdDate, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into test_person (nip, pesel, description, is_bailiff, is_deceased, created_date,
                                                 created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        """)
                .setParameter(1, person.nip()).setParameter(2, person.pesel())
                .setParameter(3, person.description()).setParameter(4, person.bailiff())
                .setParameter(5, person.deceased()).setParameter(6, createdDate).setParameter(7, now)
                .executeUpdate()).replaceWithVoid();
    }

    /** @return the removed person, or null when none was stored */
    Uni<Stored> remove(String nip) {
        return first("delete from test_person where nip = ?1 returning " + COLUMNS, nip);
    }

    private Uni<Stored> first(String sql, String parameter) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, parameter).getResultList())
                .map(TestPersons::first);
    }

    private static Stored first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Stored((String) row[0], (String) row[1], (Boolean) row[2], (Boolean) row[3],
                (OffsetDateTime) row[4]);
    }
}
