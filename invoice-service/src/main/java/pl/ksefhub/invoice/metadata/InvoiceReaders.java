package pl.ksefhub.invoice.metadata;


import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may read an accepted invoice ({@code uprawnienia.md}, "Dostęp do faktur"): the seller's context (Subject1),
 * the buyer's (Subject2, when identified by NIP), each third subject identified by NIP or internal id (Subject3)
 * and the authorized subject (SubjectAuthorized). One place for the rule, shared by the queries, the download and
 * the {@code invoice.available} events.
 */
public final class InvoiceReaders {

    /** A context that may read the invoice and as which subjects of it. */
    public record Reader(ContextIdentifier context, List<String> subjectTypes) {
    }

    /** A third subject's identifier as stored (type Nip, InternalId, VatUe, Other or None). */
    public record Identified(String type, String value) {
    }

    private InvoiceReaders() {
    }

    public static List<Reader> of(String sellerNip, String buyerIdentifierType, String buyerIdentifierValue,
                                  List<Identified> thirdSubjects, String authorizedNip) {
        Map<ContextIdentifier, List<String>> readers = new LinkedHashMap<>();
        add(readers, "Nip", sellerNip, "Subject1");
        if ("Nip".equals(buyerIdentifierType)) {
            add(readers, "Nip", buyerIdentifierValue, "Subject2");
        }
        for (Identified third : thirdSubjects) {
            if ("Nip".equals(third.type()) || "InternalId".equals(third.type())) {
                add(readers, third.type(), third.value(), "Subject3");
            }
        }
        add(readers, "Nip", authorizedNip, "SubjectAuthorized");
        List<Reader> result = new ArrayList<>();
        readers.forEach((context, subjects) -> result.add(new Reader(context, List.copyOf(subjects))));
        return result;
    }

    /**
     * The NIP a context reads invoices as: its own for a NIP context, the NIP part of an internal id
     * ({@code NIP-5digits}) or of a {@code NipVatUe} context; null for other contexts (PeppolId).
     */
    public static String nipOf(String contextType, String contextValue) {
        if (contextValue == null) {
            return null;
        }
        return switch (contextType) {
            case "Nip" -> contextValue;
            case "InternalId", "NipVatUe" -> contextValue.length() >= 10 ? contextValue.substring(0, 10) : null;
            default -> null;
        };
    }

    private static void add(Map<ContextIdentifier, List<String>> readers, String type, String value,
                            String subjectType) {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> subjects = readers.computeIfAbsent(new ContextIdentifier(type, value), c -> new ArrayList<>());
        if (!subjects.contains(subjectType)) {
            subjects.add(subjectType);
        }
    }
}
