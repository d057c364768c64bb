package pl.ksefhub.invoice.metadata;

import java.math.BigDecimal;
import java.util.List;

/**
 * The body of POST /invoices/query/metadata as the spec's {@code InvoiceQueryFilters} names it. Enumerations and
 * dates stay strings here: {@link MetadataQueryValidation} checks them all at once and answers 21405 with every
 * problem, as KSeF's validator does.
 */
public record InvoiceQueryFilters(String subjectType, DateRange dateRange, String ksefNumber, String invoiceNumber,
                                  Amount amount, String sellerNip, BuyerIdentifier buyerIdentifier,
                                  List<String> currencyCodes, String invoicingMode, Boolean isSelfInvoicing,
                                  String formType, List<String> invoiceTypes, Boolean hasAttachment) {

    /** {@code from}/{@code to}: ISO-8601, with {@code Z}, an offset, or none (then Europe/Warsaw local time). */
    public record DateRange(String dateType, String from, String to, Boolean restrictToPermanentStorageHwmDate) {
    }

    /** {@code type}: Brutto, Netto or Vat. */
    public record Amount(String type, BigDecimal from, BigDecimal to) {
    }

    /** {@code type}: Nip, VatUe, Other or None. */
    public record BuyerIdentifier(String type, String value) {
    }
}
