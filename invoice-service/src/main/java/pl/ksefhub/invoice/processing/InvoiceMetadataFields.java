package pl.ksefhub.invoice.processing;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an accepted invoice's {@code InvoiceMetadata} (POST /invoices/query/metadata) takes from its XML beyond the
 * fields processing itself needs. Identifier types are the spec's names ({@code BuyerIdentifierType},
 * {@code ThirdSubjectIdentifierType}).
 *
 * @param sellerName    {@code Podmiot1/DaneIdentyfikacyjne/Nazwa}
 * @param buyer         {@code Podmiot2/DaneIdentyfikacyjne}
 * @param thirdSubjects every {@code Podmiot3}, in document order
 * @param authorized    {@code PodmiotUpowazniony}, or null
 * @param currency      {@code Fa/KodWaluty}
 * @param netAmount     the sum of {@code Fa/P_13_*}
 * @param vatAmount     the sum of {@code Fa/P_14_1..5}, each in PLN ({@code P_14_xW}) where the invoice gives it
 * @param grossAmount   {@code Fa/P_15}
 * @param selfInvoicing {@code Fa/Adnotacje/P_17} = 1 (samofakturowanie)
 */
public record InvoiceMetadataFields(String sellerName, Party buyer, List<ThirdSubject> thirdSubjects,
                                    AuthorizedSubject authorized, String currency, BigDecimal netAmount,
                                    BigDecimal vatAmount, BigDecimal grossAmount, boolean selfInvoicing) {

    public static final InvoiceMetadataFields NONE =
            new InvoiceMetadataFields(null, Party.NONE, List.of(), null, null, null, null, null, false);

    /** An identified subject: {@code type} Nip, InternalId (third subjects only), VatUe, Other or None. */
    public record Party(String identifierType, String identifierValue, String name) {
        static final Party NONE = new Party("None", null, null);
    }

    /** {@code role}: {@code Rola} 1–11, 0 for {@code RolaInna}. */
    public record ThirdSubject(Party party, int role) {
    }

    /** {@code role}: {@code RolaPU} 1–3. */
    public record AuthorizedSubject(String nip, String name, Integer role) {
    }
}
