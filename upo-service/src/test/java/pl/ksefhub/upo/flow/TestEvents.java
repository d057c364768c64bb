package pl.ksefhub.upo.flow;

import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.RandomIdentifiers;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Payloads as docs/EVENTS.md defines them, with fresh identifiers so tests never meet each other's data. */
public final class TestEvents {

    static final String SESSION_EVENTS = "ksef.session.events";
    static final String INVOICE_EVENTS = "ksef.invoice.events";
    static final String UPO_EVENTS = "ksef.upo.events";
    static final String SESSION_OPENED = "ksef.session.opened.v1";
    static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    static final String INVOICE_RECEIVED = "ksef.invoice.received.v1";
    static final String INVOICES_SETTLED = "ksef.session.invoices-settled.v1";
    static final String UPO_GENERATED = "ksef.upo.generated.v1";
    static final String HASH = "GZMGNVzs3krF6URKgvaw77OOeG3nJ+WGziT5xguliQ8=";
    static final String TOKEN_REF = "20250819-EC-1ECDD12000-5EE71AE5E3-B7";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestEvents() {
    }

    public static String sessionRef() {
        return ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
    }

    public static String invoiceRef() {
        return ReferenceNumbers.next(ReferenceNumbers.INVOICE);
    }

    /** A valid NIP, different every call. */
    public static String nip() {
        return RandomIdentifiers.nip();
    }

    public static String ksefNumber(String nip) {
        return nip + "-20261124-" + String.format("%012X", RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL) + "-AF";
    }

    static Map<String, Object> sessionOpened(String session, String nip) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("referenceNumber", session);
        payload.put("sessionType", "online");
        payload.put("context", Map.of("type", "Nip", "value", nip));
        payload.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        payload.put("keyValid", true);
        payload.put("openedAt", now());
        return payload;
    }

    public static Map<String, Object> invoiceAccepted(String session, String invoiceRef, int ordinal, String ksefNumber,
                                               String nip, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("referenceNumber", session);
        payload.put("invoiceReferenceNumber", invoiceRef);
        payload.put("ordinalNumber", ordinal);
        payload.put("invoiceId", 42);
        payload.put("ksefNumber", ksefNumber);
        payload.put("context", Map.of("type", "Nip", "value", nip));
        payload.put("sellerNip", nip);
        payload.put("invoiceNumber", "FV/" + ordinal + "/2026");
        payload.put("issueDate", "2026-11-24");
        payload.put("invoicingDate", "2026-11-24T10:15:30.123Z");
        payload.put("acquisitionDate", "2026-11-24T10:15:30.456Z");
        payload.put("invoiceHash", HASH);
        payload.put("invoicingMode", "Online");
        payload.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        Map<String, Object> authentication = new HashMap<>();
        authentication.put("referenceNumber", ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION));
        authentication.put("ksefTokenReferenceNumber", TOKEN_REF);
        authentication.put("authDocumentHash", null);
        payload.put("authentication", authentication);
        payload.put("correlationId", correlationId);
        return payload;
    }

    static Map<String, Object> invoicesSettled(String session, int total, int successful) {
        return Map.of("referenceNumber", session, "totalInvoiceCount", total, "successfulInvoiceCount", successful,
                "failedInvoiceCount", total - successful, "settledAt", now());
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }
}
