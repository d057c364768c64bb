package pl.ksefhub.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.w3c.dom.NodeList;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.UpoVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What a chaos run must leave behind, checked against the {@link Ledger} once everything settled: every 202 reached
 * a final status; no invoice lost (each one the clients meant to send accepted, exactly once); no KSeF number
 * assigned twice; every accepted invoice has a UPO whose XML signature verifies (the JDK's XML DSig); every session
 * UPO lists exactly its session's accepted invoices; no record in any dead-letter topic (the run sends only valid
 * ones); every upstream submission has exactly one result event (the same event delivered twice counts once).
 */
final class ChaosChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOICE_EVENTS = "ksef.invoice.events";
    private static final Set<String> RESULTS = Set.of("ksef.invoice.accepted.v1", "ksef.invoice.rejected.v1");

    /** One check: its name, whether it held, and the figure or the first counter-examples. */
    record Check(String name, boolean passed, String detail) {
    }

    /** An invoice as the system lists it in its session. */
    record Listed(String session, String invoiceReference, String invoiceNumber, String ksefNumber, int status) {
    }

    /** The outcome: checks and figures. */
    record Outcome(List<Check> checks, Map<String, Object> figures) {
        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private final Ledger ledger;
    private final PatientClient client;
    private final String kafka;
    private final Consumer<String> log;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();

    ChaosChecks(Ledger ledger, PatientClient client, String kafka, Consumer<String> log) {
        this.ledger = ledger;
        this.client = client;
        this.kafka = kafka;
        this.log = log;
    }

    Outcome verify(Duration settleBound) throws Exception {
        long deadline = System.nanoTime() + settleBound.toNanos();
        Map<String, Set<String>> resultIds = awaitSubmissionResults(deadline);
        Map<String, Integer> sessionStatus = awaitFinalSessions(deadline);
        List<Listed> listed = listInvoices(deadline);

        checkEvery202IsFinal(listed);
        Map<String, List<Listed>> acceptedByNumber = new HashMap<>();
        listed.stream().filter(i -> i.status() == 200 && i.invoiceNumber() != null)
                .forEach(i -> acceptedByNumber.computeIfAbsent(i.invoiceNumber(), k -> new ArrayList<>()).add(i));
        checkNoneLost(acceptedByNumber);
        checkNoKsefNumberTwice(listed);
        checkInvoiceUpos(listed);
        checkSessionUpos(listed, sessionStatus);
        checkDeadLetters();
        checkOneResultPerSubmission(resultIds);
        return new Outcome(checks, figures);
    }

    /**
     * Reads {@code ksef.invoice.events} until every submission has a result (or the bound passes): correlation id →
     * the distinct event ids of its results. The event sessions they went to join the ledger.
     */
    private Map<String, Set<String>> awaitSubmissionResults(long deadline) throws Exception {
        Map<String, Set<String>> results = new HashMap<>();
        if (ledger.submissions().isEmpty()) {
            return results;
        }
        while (true) {
            results.clear();
            for (ConsumerRecord<String, String> record : Topics.readAll(kafka, INVOICE_EVENTS)) {
                if (!RESULTS.contains(header(record, "ce_type"))) {
                    continue;
                }
                JsonNode event = JSON.readTree(record.value());
                String correlationId = event.path("correlationId").asText(null);
                if (correlationId == null || !ledger.submissions().containsKey(correlationId)) {
                    continue;
                }
                results.computeIfAbsent(correlationId, k -> new TreeSet<>()).add(header(record, "ce_id"));
                String session = event.path("referenceNumber").asText(null);
                if (session != null && !ledger.sessions().containsKey(session)) {
                    ledger.opened(session, "event");
                }
            }
            if (results.size() == ledger.submissions().size() || System.nanoTime() > deadline) {
                log.accept("submission results: " + results.size() + " of " + ledger.submissions().size());
                return results;
            }
            PatientClient.pause(3000);
        }
    }

    /** Polls every session's status until it is final (200 or an error ≥ 400) or the bound passes. */
    private Map<String, Integer> awaitFinalSessions(long deadline) {
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        while (true) {
            for (String ref : ledger.sessions().keySet()) {
                Integer known = statuses.get(ref);
                if (known != null && isFinalSession(known)) {
                    continue;
                }
                Answer answer = client.get("/v2/sessions/" + ref);
                statuses.put(ref, answer.status() == 200 ? answer.json().at("/status/code").asInt() : -1);
            }
            long open = statuses.values().stream().filter(code -> !isFinalSession(code)).count();
            if (open == 0 || System.nanoTime() > deadline) {
                log.accept("sessions final: " + (statuses.size() - open) + " of " + statuses.size());
                figures.put("sessions", statuses.size());
                figures.put("sessions not final at the end", open);
                return statuses;
            }
            PatientClient.pause(2000);
        }
    }

    private static boolean isFinalSession(int code) {
        return code == 200 || code >= 400;
    }

    /** Every invoice of every session, as the session's invoice list gives it; again while some is in progress. */
    private List<Listed> listInvoices(long deadline) {
        while (true) {
            List<Listed> all = new ArrayList<>();
            for (String ref : ledger.sessions().keySet()) {
                String token = null;
                do {
                    Answer page = client.getPage("/v2/sessions/" + ref + "/invoices?pageSize=1000", token);
                    if (page.status() != 200) {
                        ledger.note("listing invoices of " + ref + ": " + page.status() + " " + page.text());
                        break;
                    }
                    JsonNode body = page.json();
                    for (JsonNode invoice : body.path("invoices")) {
                        all.add(new Listed(ref, invoice.path("referenceNumber").asText(null),
                                invoice.path("invoiceNumber").asText(null), invoice.path("ksefNumber").asText(null),
                                invoice.at("/status/code").asInt()));
                    }
                    token = body.path("continuationToken").asText(null);
                } while (token != null && !token.isEmpty());
            }
            long inProgress = all.stream().filter(i -> i.status() < 200).count();
            if (inProgress == 0 || System.nanoTime() > deadline) {
                return all;
            }
            PatientClient.pause(2000);
        }
    }

    private void checkEvery202IsFinal(List<Listed> listed) {
        Map<String, Integer> byReference = new HashMap<>();
        listed.forEach(i -> byReference.put(i.invoiceReference(), i.status()));
        List<String> notFinal = new ArrayList<>();
        long count = 0;
        for (Ledger.Intended intended : ledger.invoices().values()) {
            if (intended.invoiceReference == null) {
                continue;
            }
            count++;
            Integer status = byReference.get(intended.invoiceReference);
            if (status == null || status < 200) {
                notFinal.add(intended.invoiceReference + " (" + (status == null ? "not listed" : status) + ")");
            }
        }
        figures.put("202s", count);
        checks.add(new Check("every 202 reached a final status", notFinal.isEmpty(),
                count + " answered 202; not final: " + notFinal.size() + first(notFinal)));
    }

    private void checkNoneLost(Map<String, List<Listed>> acceptedByNumber) {
        List<String> lost = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (Ledger.Intended intended : ledger.invoices().values()) {
            int times = acceptedByNumber.getOrDefault(intended.invoiceNumber, List.of()).size();
            if (times == 0) {
                lost.add(intended.invoiceNumber + " (" + intended.route
                        + (intended.refusal != null ? ", refused " + intended.refusal : "") + ")");
            } else if (times > 1) {
                twice.add(intended.invoiceNumber + " x" + times);
            }
        }
        figures.put("invoices", ledger.invoices().size());
        figures.put("accepted", acceptedByNumber.size());
        figures.put("lost", lost.size());
        figures.put("accepted twice", twice.size());
        checks.add(new Check("0 invoices lost", lost.isEmpty(),
                ledger.invoices().size() + " meant, " + lost.size() + " not accepted" + first(lost)));
        checks.add(new Check("no invoice accepted twice", twice.isEmpty(), twice.size() + first(twice)));
    }

    private void checkNoKsefNumberTwice(List<Listed> listed) {
        Map<String, Integer> counts = new HashMap<>();
        listed.stream().map(Listed::ksefNumber).filter(k -> k != null && !k.isEmpty())
                .forEach(k -> counts.merge(k, 1, Integer::sum));
        List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        figures.put("KSeF numbers", counts.size());
        figures.put("KSeF numbers assigned twice", twice.size());
        checks.add(new Check("0 KSeF numbers assigned twice", twice.isEmpty(),
                counts.size() + " KSeF numbers; twice: " + twice.size() + first(twice)));
    }

    private void checkInvoiceUpos(List<Listed> listed) throws Exception {
        List<Listed> accepted = listed.stream().filter(i -> i.status() == 200 && i.ksefNumber() != null).toList();
        AtomicInteger verified = new AtomicInteger();
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (Listed invoice : accepted) {
                all.add(threads.submit(() -> {
                    Answer upo = client.get("/v2/sessions/" + invoice.session() + "/invoices/ksef/"
                            + invoice.ksefNumber() + "/upo");
                    if (upo.status() == 200 && UpoVerifier.signatureValid(upo.body())) {
                        verified.incrementAndGet();
                    } else {
                        failed.add(invoice.ksefNumber() + " (" + upo.status() + ")");
                    }
                }));
            }
            for (Future<?> future : all) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        figures.put("invoice UPOs verified", verified.get());
        checks.add(new Check("every accepted invoice has a UPO whose signature verifies", failed.isEmpty(),
                verified.get() + " of " + accepted.size() + " verified" + first(failed)));
    }

    private void checkSessionUpos(List<Listed> listed, Map<String, Integer> sessionStatus) {
        Map<String, Set<String>> acceptedBySession = new HashMap<>();
        listed.stream().filter(i -> i.status() == 200 && i.ksefNumber() != null)
                .forEach(i -> acceptedBySession.computeIfAbsent(i.session(), k -> new HashSet<>()).add(i.ksefNumber()));
        List<String> wrong = new ArrayList<>();
        int pages = 0;
        int sessions = 0;
        for (Map.Entry<String, Integer> session : sessionStatus.entrySet()) {
            Set<String> expected = acceptedBySession.getOrDefault(session.getKey(), Set.of());
            if (session.getValue() != 200) {
                if (!expected.isEmpty()) {
                    wrong.add(session.getKey() + ": status " + session.getValue() + " with " + expected.size()
                            + " accepted invoices");
                }
                continue;
            }
            sessions++;
            JsonNode status = client.get("/v2/sessions/" + session.getKey()).json();
            Set<String> listedInUpo = new HashSet<>();
            int duplicates = 0;
            for (JsonNode page : status.at("/upo/pages")) {
                Answer upo = client.getAbsolute(page.get("downloadUrl").asText());
                pages++;
                if (upo.status() != 200 || !UpoVerifier.signatureValid(upo.body())) {
                    wrong.add(session.getKey() + ": UPO page " + upo.status() + " does not verify");
                    continue;
                }
                NodeList numbers = UpoVerifier.parse(upo.body()).getElementsByTagNameNS("*", "NumerKSeFDokumentu");
                for (int i = 0; i < numbers.getLength(); i++) {
                    if (!listedInUpo.add(numbers.item(i).getTextContent().trim())) {
                        duplicates++;
                    }
                }
            }
            if (!listedInUpo.equals(expected) || duplicates > 0) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(listedInUpo);
                Set<String> extra = new TreeSet<>(listedInUpo);
                extra.removeAll(expected);
                wrong.add(session.getKey() + ": " + missing.size() + " accepted not in its UPO, " + extra.size()
                        + " in its UPO not accepted in it, " + duplicates + " listed twice");
            }
        }
        figures.put("session UPO pages verified", pages);
        checks.add(new Check("every session UPO lists exactly its session's accepted invoices", wrong.isEmpty(),
                sessions + " sessions, " + pages + " pages" + first(wrong)));
    }

    private void checkDeadLetters() {
        Map<String, Integer> dead = new LinkedHashMap<>();
        for (String topic : new TreeSet<>(Topics.names(kafka))) {
            if (topic.endsWith(".dlq")) {
                int count = Topics.readAll(kafka, topic).size();
                if (count > 0) {
                    dead.put(topic, count);
                }
            }
        }
        int total = dead.values().stream().mapToInt(Integer::intValue).sum();
        figures.put("dead letters", total);
        // The run sends only valid invoices and events: any record in a dead-letter topic is a valid one.
        checks.add(new Check("no valid record in any dead-letter topic", total == 0,
                total + " records" + (dead.isEmpty() ? "" : " " + dead)));
    }

    private void checkOneResultPerSubmission(Map<String, Set<String>> resultIds) {
        List<String> wrong = new ArrayList<>();
        for (String correlationId : ledger.submissionIds()) {
            int results = resultIds.getOrDefault(correlationId, Set.of()).size();
            if (results != 1) {
                wrong.add(correlationId + ": " + results + " results");
            }
        }
        figures.put("submissions", ledger.submissions().size());
        checks.add(new Check("every upstream submission has exactly one result event", wrong.isEmpty(),
                ledger.submissions().size() + " submissions; wrong: " + wrong.size() + first(wrong)));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String first(List<String> items) {
        return items.isEmpty() ? "" : " e.g. " + items.subList(0, Math.min(5, items.size()));
    }
}
