package pl.ksefhub.upo.document;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One {@code Dokument} of a UPO: an accepted invoice.
 *
 * @param issueDate       P_1 of the invoice ({@code DataWystawieniaFaktury})
 * @param invoicingDate   when KSeF received it ({@code DataPrzeslaniaDokumentu})
 * @param acquisitionDate when KSeF numbered it ({@code DataNadaniaNumeruKSeF})
 * @param invoiceHash     SHA-256 (base64) of the plaintext invoice as sent ({@code SkrotDokumentu})
 * @param invoicingMode   {@code Online} or {@code Offline}
 */
public record UpoEntry(String sellerNip,
                       String ksefNumber,
                       String invoiceNumber,
                       LocalDate issueDate,
                       OffsetDateTime invoicingDate,
                       OffsetDateTime acquisitionDate,
                       String invoiceHash,
                       String invoicingMode) {
}
