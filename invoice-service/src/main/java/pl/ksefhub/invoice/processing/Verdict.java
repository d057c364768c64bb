package pl.ksefhub.invoice.processing;

import pl.ksefhub.invoice.store.InvoiceStatus;

import java.util.List;
import java.util.Map;

/** The outcome of processing one invoice: accepted, or a failure status with its details (and extensions). */
public record Verdict(InvoiceStatus status, List<String> details, Map<String, String> extensions) {

    public static Verdict accepted() {
        return new Verdict(InvoiceStatus.ACCEPTED, List.of(), Map.of());
    }

    public static Verdict rejected(InvoiceStatus status, List<String> details) {
        return new Verdict(status, List.copyOf(details), Map.of());
    }

    public static Verdict rejected(InvoiceStatus status, String detail) {
        return rejected(status, List.of(detail));
    }

    public boolean isAccepted() {
        return status == InvoiceStatus.ACCEPTED;
    }
}
