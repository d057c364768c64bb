package pl.ksefhub.invoice.processing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects {@link InvoiceMetadataFields} during the inspector's single streaming pass: told every element start
 * and the text of every element it {@link #wants}. Paths are local names from the root, so FA (2) and FA (3) (same
 * structure, different namespaces) read alike.
 */
final class MetadataReading {

    private static final String ROOT = "/Faktura";
    private static final String SELLER_NAME = ROOT + "/Podmiot1/DaneIdentyfikacyjne/Nazwa";
    private static final String BUYER = ROOT + "/Podmiot2/DaneIdentyfikacyjne/";
    private static final String THIRD = ROOT + "/Podmiot3";
    private static final String THIRD_ID = THIRD + "/DaneIdentyfikacyjne/";
    private static final String AUTHORIZED = ROOT + "/PodmiotUpowazniony";
    private static final String AUTHORIZED_ID = AUTHORIZED + "/DaneIdentyfikacyjne/";
    private static final String CURRENCY = ROOT + "/Fa/KodWaluty";
    private static final String NET_PREFIX = ROOT + "/Fa/P_13_";
    private static final String VAT_PREFIX = ROOT + "/Fa/P_14_";
    private static final String GROSS = ROOT + "/Fa/P_15";
    private static final String SELF_INVOICING = ROOT + "/Fa/Adnotacje/P_17";
    /**
     * FA_RR (1) (VAT RR, issued by the buyer of farm produce): the body is FakturaRR. Podmiot1 is still the seller
     * (the farmer, "dostawca") and Podmiot2 the buyer ("nabywca"), as in FA; the amounts are P_11_1 (value of the
     * purchase: net), P_11_2 (the flat-rate VAT refund, in PLN as P_11_2W where given: VAT) and P_12_1 (gross).
     */
    private static final String RR_CURRENCY = ROOT + "/FakturaRR/KodWaluty";
    private static final String RR_NET = ROOT + "/FakturaRR/P_11_1";
    private static final String RR_VAT = ROOT + "/FakturaRR/P_11_2";
    private static final String RR_VAT_PLN = ROOT + "/FakturaRR/P_11_2W";
    private static final String RR_GROSS = ROOT + "/FakturaRR/P_12_1";

    private final Identification buyer = new Identification();
    private final List<Identification> thirdSubjects = new ArrayList<>();
    private final List<Integer> thirdRoles = new ArrayList<>();
    private Identification authorized;
    private Integer authorizedRole;
    private String sellerName;
    private String currency;
    private BigDecimal net;
    private BigDecimal gross;
    /** P_14_x by x, replaced by P_14_xW (the VAT in PLN of a foreign-currency invoice) when that follows. */
    private final Map<String, BigDecimal> vatByRate = new TreeMap<>();
    private boolean selfInvoicing;

    void start(String path) {
        if (THIRD.equals(path)) {
            thirdSubjects.add(new Identification());
            thirdRoles.add(null);
        } else if (AUTHORIZED.equals(path)) {
            authorized = new Identification();
        }
    }

    static boolean wants(String path) {
        return path.equals(SELLER_NAME) || path.startsWith(BUYER) || path.startsWith(THIRD_ID)
                || path.equals(THIRD + "/Rola") || path.equals(THIRD + "/RolaInna") || path.startsWith(AUTHORIZED_ID)
                || path.equals(AUTHORIZED + "/RolaPU") || path.equals(CURRENCY) || path.startsWith(NET_PREFIX)
                || path.startsWith(VAT_PREFIX) || path.equals(GROSS) || path.equals(SELF_INVOICING)
                || path.equals(RR_CURRENCY) || path.equals(RR_NET) || path.equals(RR_VAT) || path.equals(RR_VAT_PLN)
                || path.equals(RR_GROSS);
    }

    void text(String path, String value) {
        if (path.equals(SELLER_NAME)) {
            sellerName = value;
        } else if (path.startsWith(BUYER)) {
            buyer.take(path.substring(BUYER.length()), value);
        } else if (path.startsWith(THIRD_ID) && !thirdSubjects.isEmpty()) {
            thirdSubjects.get(thirdSubjects.size() - 1).take(path.substring(THIRD_ID.length()), value);
        } else if (path.equals(THIRD + "/Rola") && !thirdRoles.isEmpty()) {
            thirdRoles.set(thirdRoles.size() - 1, parseInt(value));
        } else if (path.equals(THIRD + "/RolaInna") && !thirdRoles.isEmpty()) {
            thirdRoles.set(thirdRoles.size() - 1, 0);
        } else if (path.startsWith(AUTHORIZED_ID) && authorized != null) {
            authorized.take(path.substring(AUTHORIZED_ID.length()), value);
        } else if (path.equals(AUTHORIZED + "/RolaPU")) {
            authorizedRole = parseInt(value);
        } else if (path.equals(CURRENCY) || path.equals(RR_CURRENCY)) {
            currency = value;
        } else if (path.startsWith(NET_PREFIX)) {
            net = add(net, amount(value));
        } else if (path.startsWith(VAT_PREFIX)) {
            String rate = path.substring(VAT_PREFIX.length());
            BigDecimal amount = amount(value);
            if (amount != null) {
                vatByRate.put(rate.endsWith("W") ? rate.substring(0, rate.length() - 1) : rate, amount);
            }
        } else if (path.equals(RR_NET)) {
            net = amount(value);
        } else if (path.equals(RR_VAT) || path.equals(RR_VAT_PLN)) {
            BigDecimal amount = amount(value);
            if (amount != null) {
                vatByRate.put("RR", amount); // P_11_2W follows P_11_2 and replaces it
            }
        } else if (path.equals(GROSS) || path.equals(RR_GROSS)) {
            gross = amount(value);
        } else if (path.equals(SELF_INVOICING)) {
            selfInvoicing = "1".equals(value);
        }
    }

    InvoiceMetadataFields result() {
        List<InvoiceMetadataFields.ThirdSubject> third = new ArrayList<>();
        for (int i = 0; i < thirdSubjects.size(); i++) {
            Integer role = thirdRoles.get(i);
            third.add(new InvoiceMetadataFields.ThirdSubject(thirdSubjects.get(i).party(true),
                    role == null ? 0 : role));
        }
        BigDecimal vat = vatByRate.values().stream().reduce(BigDecimal::add).orElse(null);
        InvoiceMetadataFields.AuthorizedSubject authorizedSubject = authorized == null ? null
                : new InvoiceMetadataFields.AuthorizedSubject(authorized.nip, authorized.name, authorizedRole);
        return new InvoiceMetadataFields(sellerName, buyer.party(false), List.copyOf(third), authorizedSubject,
                currency, net, vat, gross, selfInvoicing);
    }

    private static BigDecimal add(BigDecimal sum, BigDecimal amount) {
        return amount == null ? sum : sum == null ? amount : sum.add(amount);
    }

    private static BigDecimal amount(String value) {
        try {
            return value == null || value.isEmpty() ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null; // the schema reports it
        }
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One {@code DaneIdentyfikacyjne}: the schema's choice of NIP, IDWew, KodUE+NrVatUE, KodKraju+NrID, BrakID. */
    private static final class Identification {
        private String nip;
        private String internalId;
        private String euCountry;
        private String euVatNumber;
        private String otherId;
        private String name;

        void take(String element, String value) {
            switch (element) {
                case "NIP" -> nip = value;
                case "IDWew" -> internalId = value;
                case "KodUE" -> euCountry = value;
                case "NrVatUE" -> euVatNumber = value;
                case "NrID" -> otherId = value;
                case "Nazwa" -> name = value;
                default -> { }
            }
        }

        InvoiceMetadataFields.Party party(boolean internalIdAllowed) {
            if (nip != null) {
                return new InvoiceMetadataFields.Party("Nip", nip, name);
            }
            if (internalIdAllowed && internalId != null) {
                return new InvoiceMetadataFields.Party("InternalId", internalId, name);
            }
            if (euVatNumber != null) {
                // The EU VAT number as one identifier, country prefix first (as the VIES number reads).
                return new InvoiceMetadataFields.Party("VatUe", (euCountry == null ? "" : euCountry) + euVatNumber,
                        name);
            }
            if (otherId != null) {
                return new InvoiceMetadataFields.Party("Other", otherId, name);
            }
            return new InvoiceMetadataFields.Party("None", null, name);
        }
    }
}
