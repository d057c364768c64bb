package pl.ksefhub.deploy.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the chaos run's clients asked and were answered: every invoice they meant to send (by its invoice number,
 * unique in the run), where it went (session, the reference number of its 202), the sessions they opened, the
 * submissions they published, and every HTTP answer and connection error by status. The checks compare this with
 * what the system says at the end.
 */
final class Ledger {

    /** How an invoice travels. */
    enum Route { ONLINE, BATCH, SUBMISSION }

    /** One invoice the clients meant to send; {@code invoiceReference} is set by its 202 (online only). */
    static final class Intended {
        final String invoiceNumber;
        final Route route;
        volatile String sessionReference;
        volatile String invoiceReference;
        /** A definitive refusal (neither 202 nor a reason to try again), e.g. "400 21180". */
        volatile String refusal;

        Intended(String invoiceNumber, Route route) {
            this.invoiceNumber = invoiceNumber;
            this.route = route;
        }
    }

    /** A session the clients opened (online, batch) or learnt of (an event session, from a submission's result). */
    record Session(String referenceNumber, String type) {
    }

    private final Map<String, Intended> invoices = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** correlation id → invoice number, of every submission published. */
    private final Map<String, String> submissions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentSkipListMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong accepted202 = new AtomicLong();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    Intended intend(String invoiceNumber, Route route) {
        Intended intended = new Intended(invoiceNumber, route);
        if (invoices.putIfAbsent(invoiceNumber, intended) != null) {
            throw new IllegalStateException("Invoice number used twice: " + invoiceNumber);
        }
        return intended;
    }

    void opened(String referenceNumber, String type) {
        sessions.put(referenceNumber, new Session(referenceNumber, type));
    }

    void published(String correlationId, String invoiceNumber) {
        submissions.put(correlationId, invoiceNumber);
    }

    /** An HTTP answer (by status) or a failed call ({@code "connection error"}). */
    void answered(String what) {
        requests.incrementAndGet();
        answers.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    void sent202(Intended intended, String sessionReference, String invoiceReference) {
        intended.sessionReference = sessionReference;
        intended.invoiceReference = invoiceReference;
        accepted202.incrementAndGet();
    }

    void note(String line) {
        notes.add(line);
    }

    Map<String, Intended> invoices() {
        return invoices;
    }

    Map<String, Session> sessions() {
        return sessions;
    }

    Map<String, String> submissions() {
        return submissions;
    }

    Set<String> submissionIds() {
        return submissions.keySet();
    }

    long requests() {
        return requests.get();
    }

    long accepted202() {
        return accepted202.get();
    }

    /** Answers by status (e.g. "202", "503", "connection error") and how many. */
    Map<String, Long> answers() {
        Map<String, Long> copy = new ConcurrentSkipListMap<>();
        answers.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    List<String> notes() {
        return notes;
    }

    /** Invoices sent so far (202s and packages and submissions handed over), for the pace of the faults. */
    long handedOver() {
        return invoices.values().stream().filter(i -> i.sessionReference != null || i.route == Route.SUBMISSION)
                .count();
    }
}
