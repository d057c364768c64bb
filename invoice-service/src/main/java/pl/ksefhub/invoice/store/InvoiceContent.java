package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The invoice XML exactly as the client sent it (after decryption), kept apart from the status rows. */
@Entity
@Table(name = "invoice_content")
public class InvoiceContent extends PanacheEntityBase {

    @Id
    @Column(name = "invoice_row_id")
    public Long invoiceRowId;

    @Column(name = "content")
    public byte[] content;

    public static InvoiceContent of(Long invoiceRowId, byte[] content) {
        InvoiceContent row = new InvoiceContent();
        row.invoiceRowId = invoiceRowId;
        row.content = content;
        return row;
    }
}
