package pl.ksefhub.invoice.metadata;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A validated metadata query: the filters with their enumerations checked and the range resolved to instants
 * ({@code to} = now when absent).
 */
public record MetadataQuery(SubjectType subjectType, DateType dateType, OffsetDateTime from, OffsetDateTime to,
                     boolean restrictToHwm, String ksefNumber, String invoiceNumber, AmountType amountType,
                     BigDecimal amountFrom, BigDecimal amountTo, String sellerNip, String buyerIdentifierType,
                     String buyerIdentifierValue, List<String> currencyCodes, String invoicingMode,
                     Boolean selfInvoicing, List<String> formValues, List<String> invoiceTypes,
                     Boolean hasAttachment, boolean descending, int pageOffset, int pageSize) {

    public enum SubjectType { Subject1, Subject2, Subject3, SubjectAuthorized }

    /** The column each date type ranges over (and sorts by). */
    public enum DateType {
        Issue("issue_date"), Invoicing("invoicing_date"), PermanentStorage("permanent_storage_date");

        final String column;

        DateType(String column) {
            this.column = column;
        }
    }

    public enum AmountType {
        Brutto("gross_amount"), Netto("net_amount"), Vat("vat_amount");

        final String column;

        AmountType(String column) {
            this.column = column;
        }
    }
}
