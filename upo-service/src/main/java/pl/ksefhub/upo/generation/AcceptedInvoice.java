package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import pl.ksefhub.upo.document.UpoEntry;
import pl.ksefhub.upo.document.UpoHeader;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The projection of an accepted invoice: what its session's UPO will say about it. */
@Entity
@Table(name = "upo_invoice")
public class AcceptedInvoice extends PanacheEntityBase {

    @Id
    @Column(name = "invoice_reference_number")
    public String invoiceReferenceNumber;

    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;

    @Column(name = "ordinal_number")
    public int ordinalNumber;

    @Column(name = "ksef_number")
    public String ksefNumber;

    @Column(name = "context_type")
    public String contextType;

    @Column(name = "context_value")
    public String contextValue;

    @Column(name = "seller_nip")
    public String sellerNip;

    @Column(name = "invoice_number")
    public String invoiceNumber;

    @Column(name = "issue_date")
    public LocalDate issueDate;

    @Column(name = "invoicing_date")
    public OffsetDateTime invoicingDate;

    @Column(name = "acquisition_date")
    public OffsetDateTime acquisitionDate;

    @Column(name = "invoice_hash")
    public String invoiceHash;

    @Column(name = "invoicing_mode")
    public String invoicingMode;

    @Column(name = "form_system_code")
    public String formSystemCode;

    @Column(name = "form_schema_version")
    public String formSchemaVersion;

    @Column(name = "form_value")
    public String formValue;

    @Column(name = "auth_reference_number")
    public String authReferenceNumber;

    @Column(name = "ksef_token_reference_number")
    public String ksefTokenReferenceNumber;

    @Column(name = "auth_document_hash")
    public String authDocumentHash;

    @Column(name = "correlation_id")
    public String correlationId;

    static AcceptedInvoice of(InvoiceAccepted event) {
        AcceptedInvoice invoice = new AcceptedInvoice();
        invoice.invoiceReferenceNumber = event.invoiceReferenceNumber();
        invoice.sessionReferenceNumber = event.referenceNumber();
        invoice.ordinalNumber = event.ordinalNumber();
        invoice.ksefNumber = event.ksefNumber();
        invoice.contextType = event.context().type();
        invoice.contextValue = event.context().value();
        invoice.sellerNip = event.sellerNip();
        invoice.invoiceNumber = event.invoiceNumber();
        invoice.issueDate = event.issueDate();
        invoice.invoicingDate = event.invoicingDate();
        invoice.acquisitionDate = event.acquisitionDate();
        invoice.invoiceHash = event.invoiceHash();
        invoice.invoicingMode = normalisedMode(event.invoicingMode());
        invoice.formSystemCode = event.formCode().systemCode();
        invoice.formSchemaVersion = event.formCode().schemaVersion();
        invoice.formValue = event.formCode().value();
        invoice.authReferenceNumber = event.authentication().referenceNumber();
        invoice.ksefTokenReferenceNumber = event.authentication().ksefTokenReferenceNumber();
        invoice.authDocumentHash = event.authentication().authDocumentHash();
        invoice.correlationId = event.correlationId();
        return invoice;
    }

    /** The UPO's {@code TrybWysylki} enumeration is {@code Online | Offline}. */
    private static String normalisedMode(String mode) {
        return mode.equalsIgnoreCase("offline") ? "Offline" : "Online";
    }

    UpoHeader header() {
        return new UpoHeader(sessionReferenceNumber, contextType, contextValue, ksefTokenReferenceNumber,
                authDocumentHash, formSystemCode, formSchemaVersion);
    }

    UpoEntry entry() {
        return new UpoEntry(sellerNip, ksefNumber, invoiceNumber, issueDate, invoicingDate, acquisitionDate,
                invoiceHash, invoicingMode);
    }
}
