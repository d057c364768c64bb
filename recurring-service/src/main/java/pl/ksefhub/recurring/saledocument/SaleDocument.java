package pl.ksefhub.recurring.saledocument;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * An accepted invoice as recurring-service knows it from {@code ksef.invoice.accepted.v1}: what a recurring document
 * repeats ({@code idSaleDocument}) and, for invoices we requested, the XML we e-mail.
 */
@Entity
@Table(name = "sale_document")
public class SaleDocument extends PanacheEntityBase {

    /** invoice-service's numeric invoice id ({@code invoiceId}). */
    @Id
    public Long id;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "ksef_number")
    public String ksefNumber;
    @Column(name = "invoice_number")
    public String invoiceNumber;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;
    @Column(name = "invoice_reference_number")
    public String invoiceReferenceNumber;
    @Column(name = "form_system_code")
    public String formSystemCode;
    @Column(name = "form_schema_version")
    public String formSchemaVersion;
    @Column(name = "form_value")
    public String formValue;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "invoice_xml")
    public String invoiceXml;
    @Column(name = "accepted_at")
    public OffsetDateTime acceptedAt;

    public boolean belongsTo(String type, String value) {
        return contextType.equals(type) && contextValue.equals(value);
    }
}
