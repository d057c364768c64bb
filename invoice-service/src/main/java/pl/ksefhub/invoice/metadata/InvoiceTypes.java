package pl.ksefhub.invoice.metadata;

import java.util.List;
import java.util.Map;

/**
 * The spec's {@code InvoiceType} names and the stored invoice types they stand for: {@code RodzajFaktury} of FA (2)/
 * FA (3) and FA_RR (1) ({@code VAT_RR}, {@code KOR_VAT_RR}); a PEF invoice is stored as {@code VAT_PEF} and a PEF
 * credit note as {@code KOR_PEF} (PefReading). {@code VatPefSp} (a PEF invoice of a PEF service provider) has
 * nothing that sets it apart in the UBL document, so it matches nothing.
 */
final class InvoiceTypes {

    static final List<String> SPEC_NAMES = List.of("Vat", "Zal", "Kor", "Roz", "Upr", "KorZal", "KorRoz", "VatPef",
            "VatPefSp", "KorPef", "VatRr", "KorVatRr");

    private static final Map<String, String> BY_RODZAJ = Map.ofEntries(Map.entry("VAT", "Vat"),
            Map.entry("ZAL", "Zal"), Map.entry("KOR", "Kor"), Map.entry("ROZ", "Roz"), Map.entry("UPR", "Upr"),
            Map.entry("KOR_ZAL", "KorZal"), Map.entry("KOR_ROZ", "KorRoz"), Map.entry("VAT_RR", "VatRr"),
            Map.entry("KOR_VAT_RR", "KorVatRr"), Map.entry("VAT_PEF", "VatPef"), Map.entry("KOR_PEF", "KorPef"));
    private static final Map<String, String> BY_SPEC_NAME = Map.ofEntries(Map.entry("Vat", "VAT"),
            Map.entry("Zal", "ZAL"), Map.entry("Kor", "KOR"), Map.entry("Roz", "ROZ"), Map.entry("Upr", "UPR"),
            Map.entry("KorZal", "KOR_ZAL"), Map.entry("KorRoz", "KOR_ROZ"), Map.entry("VatRr", "VAT_RR"),
            Map.entry("KorVatRr", "KOR_VAT_RR"), Map.entry("VatPef", "VAT_PEF"), Map.entry("KorPef", "KOR_PEF"));

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
