package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A certificate request ("wniosek certyfikacyjny", EH reference number) and its outcome. */
@Entity
@Table(name = "certificate_enrollment")
public class CertificateEnrollment extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
    @Column(name = "subject_type")
    public String subjectType;
    @Column(name = "subject_value")
    public String subjectValue;
    @Column(name = "certificate_name")
    public String certificateName;
    @Column(name = "certificate_type")
    public String certificateType;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    @Column(name = "status_code")
    public int statusCode;
    @Column(name = "status_description")
    public String statusDescription;
    /** Lines separated by a newline; null when none. */
    @Column(name = "status_details")
    public String statusDetails;
    @Column(name = "certificate_serial_number")
    public String certificateSerialNumber;
}
