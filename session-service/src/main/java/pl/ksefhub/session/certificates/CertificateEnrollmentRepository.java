package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CertificateEnrollmentRepository implements PanacheRepositoryBase<CertificateEnrollment, String> {

    Uni<Long> countOfSubject(String subjectValue) {
        return count("subjectValue", subjectValue);
    }
}
