package pl.ksefhub.upo.document;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A signed UPO (of one invoice, or one page of a session UPO) with its exact bytes. */
@Entity
@Table(name = "upo_document")
public class UpoDocument extends PanacheEntityBase {

    public static final String INVOICE = "invoice";
    public static final String SESSION = "session";

    /** The UPO reference number ({@code EU}). */
    @Id
    @Column(name = "reference_number")
    public String referenceNumber;

    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;

    /** {@link #INVOICE} or {@link #SESSION}. */
    public String scope;

    @Column(name = "invoice_reference_number")
    public String invoiceReferenceNumber;

    @Column(name = "ksef_number")
    public String ksefNumber;

    @Column(name = "page_number")
    public Integer pageNumber;

    @Column(name = "page_count")
    public Integer pageCount;

    @Column(name = "context_type")
    public String contextType;

    @Column(name = "context_value")
    public String contextValue;

    /** Never re-serialised: these bytes are what was signed. */
    public byte[] content;

    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public boolean belongsTo(String type, String value) {
        return contextType.equals(type) && contextValue.equals(value);
    }
}
