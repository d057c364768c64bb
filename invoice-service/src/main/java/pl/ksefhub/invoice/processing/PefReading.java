package pl.ksefhub.invoice.processing;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PEF invoice (UBL 2.1 {@code Invoice}, or {@code CreditNote} for PEF_KOR) gives processing and its
 * {@code InvoiceMetadata}, collected during the inspector's streaming pass like {@link MetadataReading} does for FA.
 * Paths are local names from the root. A PEF document has no {@code KodFormularza}: its form is the root element,
 * which the session's schema checks.
 *
 * <p>UBL names a party's identifiers in several places; the NIP is the Polish VAT number, read from
 * {@code PartyTaxScheme/CompanyID} (as {@code PL} + 10 digits or the 10 digits), else {@code PartyLegalEntity/
 * CompanyID}, else the Peppol {@code EndpointID}.
 */
final class PefReading {

    static final String INVOICE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String CREDIT_NOTE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

    private static final Pattern POLISH_VAT = Pattern.compile("^(?:PL)?(\\d{10})$");
    private static final Pattern EU_VAT = Pattern.compile("^([A-Z]{2})([0-9A-Z+*.]{2,12})$");

    private final String root;
    private final String supplier;
    private final String customer;
    private final Party seller = new Party();
    private final Party buyer = new Party();
    private String invoiceNumber;
    private String issueDate;
    private String currency;
    private BigDecimal net;
    private BigDecimal gross;
    /** The first {@code TaxTotal/TaxAmount}, replaced by one in PLN where the invoice also gives that. */
    private BigDecimal vat;
    private boolean vatInPln;
    private String taxAmountCurrency;
    private boolean hasAttachment;

    /** @param rootName {@code Invoice} or {@code CreditNote} */
    PefReading(String rootName) {
        this.root = "/" + rootName;
        this.supplier = root + "/AccountingSupplierParty/Party/";
        this.customer = root + "/AccountingCustomerParty/Party/";
    }

    /** The root of a PEF document: UBL Invoice or CreditNote. */
    static boolean isRoot(String namespace, String localName) {
        return INVOICE_NAMESPACE.equals(namespace) && "Invoice".equals(localName)
                || CREDIT_NOTE_NAMESPACE.equals(namespace) && "CreditNote".equals(localName);
    }

    /** {@code currencyID} of an amount is an attribute: told at the element's start. */
    void start(String path, String currencyId) {
        if (path.equals(root + "/TaxTotal/TaxAmount")) {
            taxAmountCurrency = currencyId;
        } else if (path.equals(root + "/AdditionalDocumentReference/Attachment")) {
            // UBL carries attachments as AdditionalDocumentReference/Attachment (an embedded binary object or an
            // external reference): what InvoiceMetadata.hasAttachment shows for a PEF invoice.
            hasAttachment = true;
        }
    }

    boolean wants(String path) {
        return path.equals(root + "/ID") || path.equals(root + "/IssueDate")
                || path.equals(root + "/DocumentCurrencyCode") || path.startsWith(root + "/LegalMonetaryTotal/")
                || path.equals(root + "/TaxTotal/TaxAmount") || path.startsWith(supplier)
                || path.startsWith(customer);
    }

    void text(String path, String value) {
        if (path.equals(root + "/ID")) {
            invoiceNumber = value;
        } else if (path.equals(root + "/IssueDate")) {
            issueDate = value;
        } else if (path.equals(root + "/DocumentCurrencyCode")) {
            currency = value;
        } else if (path.equals(root + "/LegalMonetaryTotal/TaxExclusiveAmount")) {
            net = amount(value);
        } else if (path.equals(root + "/LegalMonetaryTotal/TaxInclusiveAmount")) {
            gross = amount(value);
        } else if (path.equals(root + "/TaxTotal/TaxAmount")) {
            BigDecimal amount = amount(value);
            boolean pln = "PLN".equals(taxAmountCurrency);
            if (amount != null && (vat == null || pln && !vatInPln)) {
                vat = amount;
                vatInPln = pln;
            }
        } else if (path.startsWith(supplier)) {
            seller.take(path.substring(supplier.length()), value);
        } else if (path.startsWith(customer)) {
            buyer.take(path.substring(customer.length()), value);
        }
    }

    String sellerNip() {
        return seller.nip();
    }

    String buyerNip() {
        return buyer.nip();
    }

    String invoiceNumber() {
        return invoiceNumber;
    }

    String issueDate() {
        return issueDate;
    }

    boolean hasAttachment() {
        return hasAttachment;
    }

    /** Stored like FA's {@code RodzajFaktury}: VAT_PEF for an invoice, KOR_PEF for a credit note (InvoiceTypes). */
    String invoiceType() {
        return root.equals("/CreditNote") ? "KOR_PEF" : "VAT_PEF";
    }

    InvoiceMetadataFields metadata() {
        return new InvoiceMetadataFields(seller.name(), buyer.party(), List.of(), null, currency, net, vat, gross,
                false);
    }

    private static BigDecimal amount(String value) {
        try {
            return value == null || value.isEmpty() ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null; // the schema reports it
        }
    }

    /** One UBL {@code cac:Party}: its identifiers and names. */
    private static final class Party {
        private String taxCompanyId;
        private String legalCompanyId;
        private String endpointId;
        private String partyId;
        private String registrationName;
        private String partyName;

        void take(String element, String value) {
            switch (element) {
                case "PartyTaxScheme/CompanyID" -> taxCompanyId = first(taxCompanyId, value);
                case "PartyLegalEntity/CompanyID" -> legalCompanyId = first(legalCompanyId, value);
                case "EndpointID" -> endpointId = value;
                case "PartyIdentification/ID" -> partyId = first(partyId, value);
                case "PartyLegalEntity/RegistrationName" -> registrationName = value;
                case "PartyName/Name" -> partyName = first(partyName, value);
                default -> { }
            }
        }

        String nip() {
            for (String candidate : new String[]{taxCompanyId, legalCompanyId, endpointId}) {
                Matcher matcher = candidate == null ? null : POLISH_VAT.matcher(candidate.replace(" ", ""));
                if (matcher != null && matcher.matches()) {
                    return matcher.group(1);
                }
            }
            return null;
        }

        String name() {
            return registrationName != null ? registrationName : partyName;
        }

        InvoiceMetadataFields.Party party() {
            String nip = nip();
            if (nip != null) {
                return new InvoiceMetadataFields.Party("Nip", nip, name());
            }
            if (taxCompanyId != null && EU_VAT.matcher(taxCompanyId).matches()) {
                return new InvoiceMetadataFields.Party("VatUe", taxCompanyId, name());
            }
            for (String other : new String[]{legalCompanyId, partyId, endpointId}) {
                if (other != null && !other.isEmpty()) {
                    return new InvoiceMetadataFields.Party("Other", other, name());
                }
            }
            return new InvoiceMetadataFields.Party("None", null, name());
        }

        private static String first(String current, String value) {
            return current != null ? current : value;
        }
    }
}
