package pl.ksefhub.invoice.metadata;

import java.util.List;
import java.util.Map;

/**
 * The spec's {@code InvoiceType} names and the {@code RodzajFaktury} values of FA (2)/FA (3) they stand for. PEF
 * and RR types have no FA counterpart: this service takes FA invoices only, so they match nothing.
 */
final class InvoiceTypes {

    static final List<String> SPEC_NAMES = List.of("Vat", "Zal", "Kor", "Roz", "Upr", "KorZal", "KorRoz", "VatPef",
            "VatPefSp", "KorPef", "VatRr", "KorVatRr");

    private static final Map<String, String> BY_RODZAJ = Map.of("VAT", "Vat", "ZAL", "Zal", "KOR", "Kor",
            "ROZ", "Roz", "UPR", "Upr", "KOR_ZAL", "KorZal", "KOR_ROZ", "KorRoz");
    private static final Map<String, String> BY_SPEC_NAME = Map.of("Vat", "VAT", "Zal", "ZAL", "Kor", "KOR",
            "Roz", "ROZ", "Upr", "UPR", "KorZal", "KOR_ZAL", "KorRoz", "KOR_ROZ");

    private InvoiceTypes() {
    }

    /** {@code RodzajFaktury} → spec name (unknown values as they are). */
    static String specName(String rodzajFaktury) {
        return rodzajFaktury == null ? null : BY_RODZAJ.getOrDefault(rodzajFaktury, rodzajFaktury);
    }

    /** Spec name → the stored {@code RodzajFaktury}. */
    static String rodzajFaktury(String specName) {
        return BY_SPEC_NAME.getOrDefault(specName, specName);
    }
}
