package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.UpoVerifier;
import pl.ksefhub.deploy.metrics.Exposition;
import pl.ksefhub.deploy.services.Instance;
import pl.ksefhub.deploy.services.Service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.deploy.system.OnlineChecks.PROCESSING;
import static pl.ksefhub.deploy.system.OnlineChecks.assertKsefNumber;
import static pl.ksefhub.deploy.system.OnlineChecks.assertValidUpo;
import static pl.ksefhub.deploy.system.OnlineChecks.finalStatus;
import static pl.ksefhub.deploy.system.OnlineChecks.upo;

/**
 * Scale-out (issue 14): two instances of every service against one Kafka and one PostgreSQL, as two replicas of each
 * Deployment would run. A load of online sessions goes through the edge; every invoice reaches 200 with its signed
 * UPO and its own KSeF number, and every closed session counts all its invoices. The work is shared: each consumer
 * group's partitions of a topic are split between the two instances (Kafka's assignment) and both instances consumed
 * records of it (each instance's {@code /q/metrics}); both instances of every service answered requests. Nothing is
 * done twice: the records the two instances of a group consumed add up to exactly the records published, and each
 * invoice has exactly one {@code invoice.accepted} and one invoice-scope {@code upo.generated} event in its service's
 * outbox, each session one {@code session.closed} and one session UPO.
 *
 * <p>Its own stack (not {@link RunningStack}'s single instances), so it costs a stack start of its own.
 */
class ScaleOutSystemIT {

    private static final int INSTANCES = 2;
    /** At least this many sessions, more until their keys cover every partition of the topics. */
    private static final int MIN_SESSIONS = 6;
    private static final int MAX_SESSIONS = 30;
    private static final int INVOICES_PER_SESSION = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A consumer group's channel and the topic it reads: the client id is {@code kafka-consumer-<channel>}. */
    private record Consumption(Service service, String channel, String topic) {

        String group() {
            return service.moduleName();
        }

        String clientId() {
            return "kafka-consumer-" + channel;
        }
    }

    /** The event topics this load publishes to, and the groups that read them. */
    private static final List<Consumption> CONSUMPTIONS = List.of(
            new Consumption(Service.INVOICE, "session-events", "ksef.session.events"),
            new Consumption(Service.INVOICE, "upo-events", "ksef.upo.events"),
            new Consumption(Service.UPO, "invoice-events", "ksef.invoice.events"),
            new Consumption(Service.UPO, "session-events", "ksef.session.events"),
            new Consumption(Service.SESSION, "invoice-events", "ksef.invoice.events"),
            new Consumption(Service.SESSION, "upo-events", "ksef.upo.events"),
            new Consumption(Service.RECURRING, "invoice-events", "ksef.invoice.events"),
            new Consumption(Service.RECURRING, "upo-events", "ksef.upo.events"),
            new Consumption(Service.RECURRING, "session-events", "ksef.session.events"));

    private static Path dataDir;
    private static LocalStack stack;
    private static Admin admin;
    private static long startMillis;

    private record Accepted(String session, String invoice) {
    }

    @BeforeAll
    static void startTwoInstancesOfEachService() throws Exception {
        long start = System.nanoTime();
        dataDir = Files.createTempDirectory("ksef-scaleout-");
        // As root the machine's PostgreSQL runs as user postgres, which must be able to enter the folder.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts().instances(INSTANCES)
                // As RunningStack: the limits stay on at 100x production (they are per instance anyway).
                .serviceEnvironment("KSEF_RATE_LIMITS_MULTIPLIER", "100")
                .startupTimeout(Duration.ofSeconds(Long.parseLong(
                        System.getenv().getOrDefault("KSEF_STARTUP_TIMEOUT", "180").trim())))
                .build());
        startMillis = millisSince(start);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        admin = Admin.create(config);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoInstancesOfEachServiceShareTheWorkByPartitionAndDoNothingTwice() throws Exception {
        long phase = System.nanoTime();
        Map<String, Integer> partitions = partitionCounts();
        CONSUMPTIONS.forEach(c -> assertEquals(3, partitions.get(c.topic()), c.topic() + " has 3 partitions"));
        // Every group has both instances' members, holds its partitions and has read what was there at start: from
        // here on a record consumed twice would show in the sums below.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> CONSUMPTIONS.stream().allMatch(c -> splitAcrossTwoMembers(c) && caughtUp(c)));
        Map<String, Long> publishedBefore = endOffsets();
        Map<Consumption, Map<Instance, Double>> consumedBefore = consumed();
        long settleMillis = millisSince(phase);

        phase = System.nanoTime();
        String nip = stack.demoAccount().nip();
        KsefClient client = new KsefClient(stack.baseUrl());
        client.authenticateWithKsefToken(nip, stack.demoAccount().token());
        List<OnlineSession> sessions = openSessionsOverEveryPartition(client, partitions.get("ksef.invoice.events"));
        List<Accepted> accepted = sendAndClose(client, nip, sessions);
        // recurring-service has no part in an online session: a few requests of its own, in turn to both instances.
        for (int i = 0; i < INSTANCES * 2; i++) {
            Answer answer = client.get("/api/recurring-documents/get/" + UUID.randomUUID(), client.accessToken());
            assertTrue(answer.status() < 500, answer.text());
        }
        long loadMillis = millisSince(phase);

        phase = System.nanoTime();
        Set<String> ksefNumbers = checkEveryInvoice(client, nip, accepted);
        checkEverySession(client, sessions);
        long checkMillis = millisSince(phase);

        phase = System.nanoTime();
        // Every record published since the load began consumed by exactly one instance of each group: the
        // instances' counts add up to the topic's new records. Until the last are consumed the sum is short; a
        // record consumed twice would keep it above.
        AtomicReference<Map<String, Long>> published = new AtomicReference<>();
        AtomicReference<Map<Consumption, Map<Instance, Double>>> consumed = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    published.set(difference(endOffsets(), publishedBefore));
                    consumed.set(consumedSince(consumed(), consumedBefore));
                    for (Consumption c : CONSUMPTIONS) {
                        assertEquals((long) published.get().get(c.topic()), total(consumed.get().get(c)),
                                c + ": every record consumed once, by one instance: " + consumed.get().get(c));
                    }
                });
        Map<Service, Map<Instance, Double>> served = requestsServed();
        Map<String, Long> outbox = outboxCounts(sessions);
        ksefNumbers.forEach(number -> assertKsefNumber(number, nip));

        System.out.printf("[scale-out] %d instances each; stack start %d ms, groups settled %d ms, load %d ms"
                        + " (%d sessions x %d invoices), checks %d ms%n", INSTANCES, startMillis, settleMillis,
                loadMillis, sessions.size(), INVOICES_PER_SESSION, checkMillis);
        System.out.printf("[scale-out] records published since the load began: %s%n", published.get());
        for (Consumption c : CONSUMPTIONS) {
            System.out.printf("[scale-out] group %s, %s: partitions by member %s, records consumed by instance %s%n",
                    c.group(), c.topic(), assignment(c), consumed.get().get(c));
        }
        System.out.printf("[scale-out] requests served by instance: %s%n", served);
        System.out.printf("[scale-out] invoices processed (final status) by instance: %s%n", invoicesProcessed());
        System.out.printf("[scale-out] outbox events of this load: %s%n", outbox);
        System.out.printf("[scale-out] session-service's events of this load by type: %s%n",
                eventTypes(Service.SESSION, references(sessions)));

        int invoices = sessions.size() * INVOICES_PER_SESSION;
        assertEquals(invoices, accepted.size());
        assertEquals(invoices, ksefNumbers.size(), "one KSeF number per invoice, none given twice");
        for (Consumption c : CONSUMPTIONS) {
            Map<Instance, Double> byInstance = consumed.get().get(c);
            assertTrue(splitAcrossTwoMembers(c), c + ": " + assignment(c));
            assertEquals(INSTANCES, byInstance.size(), c + ": " + byInstance);
            byInstance.forEach((instance, count) -> assertTrue(count > 0, c + ": " + instance + " consumed nothing"
                    + " of " + byInstance));
        }
        served.forEach((service, byInstance) -> byInstance.forEach((instance, count) ->
                assertTrue(count > 0, instance + " served no request: " + served)));
        assertEquals(invoices, outbox.get("invoice.accepted"), outbox.toString());
        assertEquals(invoices, outbox.get("invoice.accepted distinct invoices"), outbox.toString());
        assertEquals(invoices, outbox.get("upo.generated invoice"), outbox.toString());
        assertEquals(invoices, outbox.get("upo.generated invoice distinct invoices"), outbox.toString());
        assertEquals(sessions.size(), outbox.get("upo.generated session"), outbox.toString());
        assertEquals(sessions.size(), outbox.get("session.closed"), outbox.toString());
        assertEquals(invoices, rows(Service.UPO, "select count(*) from upo_document where scope = 'invoice'"
                + " and session_reference_number = any(?)", references(sessions)));
        assertEquals(invoices, rows(Service.INVOICE, "select count(distinct ksef_number) from invoice"
                + " where session_reference_number = any(?)", references(sessions)));
    }

    /**
     * Opens sessions until there are {@link #MIN_SESSIONS} and their keys (every event of a session has its
     * reference number as key) fall on every partition, so that every partition, and so every instance, has work.
     */
    private static List<OnlineSession> openSessionsOverEveryPartition(KsefClient client, int partitionCount) {
        List<OnlineSession> sessions = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        while (sessions.size() < MIN_SESSIONS || covered.size() < partitionCount) {
            assertTrue(sessions.size() < MAX_SESSIONS, "the session keys keep missing a partition: " + covered);
            OnlineSession session = client.openOnlineSession("FA (3)");
            sessions.add(session);
            covered.add(partitionOf(session.referenceNumber(), partitionCount));
        }
        return sessions;
    }

    /** The partition Kafka's default partitioner picks for {@code key}. */
    private static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** Every session on its own thread, its invoices one after another as a KSeF client sends them; then closed. */
    private static List<Accepted> sendAndClose(KsefClient client, String nip, List<OnlineSession> sessions)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(sessions.size());
        try {
            List<Future<List<Accepted>>> work = new ArrayList<>();
            for (OnlineSession session : sessions) {
                work.add(senders.submit(() -> {
                    List<Accepted> accepted = new ArrayList<>();
                    for (int i = 0; i < INVOICES_PER_SESSION; i++) {
                        Answer answer = client.sendInvoice(session, Invoices.fa3(nip, "SO/" + UUID.randomUUID()));
                        assertEquals(202, answer.status(), answer.text());
                        accepted.add(new Accepted(session.referenceNumber(),
                                answer.json().get("referenceNumber").asText()));
                    }
                    Answer closed = client.closeSession(session);
                    assertEquals(204, closed.status(), closed.text());
                    return accepted;
                }));
            }
            List<Accepted> all = new ArrayList<>();
            for (Future<List<Accepted>> session : work) {
                all.addAll(session.get(3, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            senders.shutdownNow();
        }
    }

    /** 200 with a KSeF number and a signed UPO naming it; returns the KSeF numbers. */
    private static Set<String> checkEveryInvoice(KsefClient client, String nip, List<Accepted> accepted)
            throws Exception {
        Set<String> ksefNumbers = ConcurrentHashMap.newKeySet();
        AtomicBoolean fullyChecked = new AtomicBoolean();
        ExecutorService checkers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (Accepted invoice : accepted) {
                checks.add(checkers.submit(() -> {
                    JsonNode status = finalStatus(client, invoice.session(), invoice.invoice());
                    assertEquals(200, status.at("/status/code").asInt(), invoice + ": " + status);
                    String ksefNumber = status.get("ksefNumber").asText();
                    ksefNumbers.add(ksefNumber);
                    byte[] upo = upo(client, "/v2/sessions/" + invoice.session() + "/invoices/" + invoice.invoice()
                            + "/upo");
                    if (fullyChecked.compareAndSet(false, true)) {
                        assertValidUpo(upo, ksefNumber); // schema and tampering once: the rest are built alike
                    } else {
                        assertTrue(UpoVerifier.signatureValid(upo), invoice + ": UPO signature");
                        assertTrue(new String(upo, StandardCharsets.UTF_8).contains(ksefNumber), invoice + ": UPO");
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(3, TimeUnit.MINUTES);
            }
        } finally {
            checkers.shutdownNow();
        }
        return ksefNumbers;
    }

    /** 200, counting all its invoices as successful, with one signed session UPO page. */
    private static void checkEverySession(KsefClient client, List<OnlineSession> sessions) {
        for (OnlineSession session : sessions) {
            AtomicReference<JsonNode> status = new AtomicReference<>();
            await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
                status.set(client.sessionStatus(session.referenceNumber()).json());
                return status.get().at("/status/code").asInt() == 200;
            });
            assertEquals(INVOICES_PER_SESSION, status.get().get("invoiceCount").asInt(), status.get().toString());
            assertEquals(INVOICES_PER_SESSION, status.get().get("successfulInvoiceCount").asInt(),
                    status.get().toString());
            JsonNode pages = status.get().at("/upo/pages");
            assertEquals(1, pages.size(), status.get().toString());
            byte[] sessionUpo = upo(client, "/v2/sessions/" + session.referenceNumber() + "/upo/"
                    + pages.get(0).get("referenceNumber").asText());
            assertTrue(UpoVerifier.signatureValid(sessionUpo), session.referenceNumber() + ": session UPO signature");
        }
    }

    private static Map<String, Integer> partitionCounts() {
        Set<String> topics = new TreeSet<>();
        CONSUMPTIONS.forEach(c -> topics.add(c.topic()));
        Map<String, Integer> counts = new TreeMap<>();
        answer(admin.describeTopics(topics).allTopicNames())
                .forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        return counts;
    }

    /** The group's members that hold partitions of the topic, each with its partitions. */
    private static Map<String, Set<Integer>> assignment(Consumption c) {
        ConsumerGroupDescription group = answer(admin.describeConsumerGroups(List.of(c.group())).all())
                .get(c.group());
        Map<String, Set<Integer>> byMember = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            Set<Integer> held = new TreeSet<>();
            member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(c.topic()))
                    .forEach(tp -> held.add(tp.partition()));
            if (!held.isEmpty()) {
                byMember.put(member.consumerId(), held);
            }
        }
        return byMember;
    }

    /** Two members (one per instance) hold the topic's partitions between them, each at least one. */
    private static boolean splitAcrossTwoMembers(Consumption c) {
        Map<String, Set<Integer>> byMember = assignment(c);
        Set<Integer> all = new TreeSet<>();
        byMember.values().forEach(all::addAll);
        return byMember.size() == INSTANCES && all.equals(Set.of(0, 1, 2));
    }

    /** The group has committed the topic's end on every partition: nothing left to read. */
    private static boolean caughtUp(Consumption c) {
        Map<TopicPartition, OffsetAndMetadata> committed = answer(admin.listConsumerGroupOffsets(c.group())
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            latest.put(new TopicPartition(c.topic(), p), OffsetSpec.latest());
        }
        for (var end : answer(admin.listOffsets(latest).all()).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (end.getValue().offset() > (offset == null ? 0 : offset.offset())) {
                return false;
            }
        }
        return true;
    }

    /** Records in each topic so far: the sum of its partitions' end offsets. */
    private static Map<String, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        CONSUMPTIONS.forEach(c -> {
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(c.topic(), p), OffsetSpec.latest());
            }
        });
        Map<String, Long> records = new TreeMap<>();
        answer(admin.listOffsets(latest).all()).forEach((partition, info) ->
                records.merge(partition.topic(), info.offset(), Long::sum));
        return records;
    }

    /**
     * What each instance's consumer of each channel has consumed since it started. Its one topic's series and the
     * client's total count the same records, but Micrometer shows one or the other: the client's total until its
     * next look at the client's metrics (every minute) after the topic's first records, then the topic's series
     * instead. Whichever is there (the larger, if both).
     */
    private static Map<Consumption, Map<Instance, Double>> consumed() {
        Map<Consumption, Map<Instance, Double>> consumed = new LinkedHashMap<>();
        Map<Instance, Exposition> scrapes = new HashMap<>();
        for (Consumption c : CONSUMPTIONS) {
            Map<Instance, Double> byInstance = new LinkedHashMap<>();
            for (Instance instance : stack.instances(c.service())) {
                Exposition metrics = scrapes.computeIfAbsent(instance, ScaleOutSystemIT::scrape);
                byInstance.put(instance, metrics.series()
                        .getOrDefault("kafka_consumer_fetch_manager_records_consumed_total", List.of()).stream()
                        .filter(s -> c.clientId().equals(s.labels().get("client_id"))
                                && c.topic().equals(s.labels().getOrDefault("topic", c.topic())))
                        .mapToDouble(Exposition.Sample::value).max().orElse(0));
            }
            consumed.put(c, byInstance);
        }
        return consumed;
    }

    /** Requests each instance answered on the API's paths ({@code /v2/...}, {@code /api/...}), not {@code /q/}. */
    private static Map<Service, Map<Instance, Double>> requestsServed() {
        Map<Service, Map<Instance, Double>> served = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            Map<Instance, Double> byInstance = new LinkedHashMap<>();
            for (Instance instance : stack.instances(service)) {
                byInstance.put(instance, scrape(instance).series()
                        .getOrDefault("http_server_requests_seconds_count", List.of()).stream()
                        .filter(s -> !s.labels().getOrDefault("uri", "/q/").startsWith("/q/"))
                        .mapToDouble(Exposition.Sample::value).sum());
            }
            served.put(service, byInstance);
        }
        return served;
    }

    /** Invoices each invoice-service instance brought to a final status (its processor claims them in the DB). */
    private static Map<Instance, Double> invoicesProcessed() {
        Map<Instance, Double> byInstance = new LinkedHashMap<>();
        for (Instance instance : stack.instances(Service.INVOICE)) {
            byInstance.put(instance, scrape(instance).series().getOrDefault("ksef_invoices_final_total", List.of())
                    .stream().mapToDouble(Exposition.Sample::value).sum());
        }
        return byInstance;
    }

    private static Exposition scrape(Instance instance) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stack.instancePort(instance) + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), instance + " /q/metrics");
            return new Exposition().add(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(instance + " /q/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events this load's sessions put in the services' outboxes, by kind. */
    private static Map<String, Long> outboxCounts(List<OnlineSession> sessions) throws Exception {
        String[] refs = references(sessions);
        String ofType = "select count(*) from outbox_event where record_key = any(?) and event_type = ";
        String distinctInvoices = "select count(distinct payload::jsonb ->> 'invoiceReferenceNumber') from outbox_event"
                + " where record_key = any(?) and event_type = ";
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("invoice.accepted", rows(Service.INVOICE, ofType + "'ksef.invoice.accepted.v1'", refs));
        counts.put("invoice.accepted distinct invoices", rows(Service.INVOICE,
                distinctInvoices + "'ksef.invoice.accepted.v1'", refs));
        String upo = " and payload::jsonb ->> 'scope' = ";
        counts.put("upo.generated invoice", rows(Service.UPO, ofType + "'ksef.upo.generated.v1'" + upo + "'invoice'",
                refs));
        counts.put("upo.generated invoice distinct invoices", rows(Service.UPO,
                distinctInvoices + "'ksef.upo.generated.v1'" + upo + "'invoice'", refs));
        counts.put("upo.generated session", rows(Service.UPO, ofType + "'ksef.upo.generated.v1'" + upo + "'session'",
                refs));
        counts.put("session.closed", rows(Service.SESSION, ofType + "'ksef.session.closed.v1'", refs));
        return counts;
    }

    /** The admin client's answer, within 10 s. */
    private static <T> T answer(KafkaFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka's admin client: " + e, e);
        }
    }

    /** How many events of each type {@code service}'s outbox holds for these keys. */
    private static Map<String, Long> eventTypes(Service service, String[] references) throws Exception {
        var postgres = stack.postgres();
        Map<String, Long> types = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(service.database()), postgres.user(),
                postgres.password());
             PreparedStatement statement = db.prepareStatement("select event_type, count(*) from outbox_event"
                     + " where record_key = any(?) group by event_type")) {
            statement.setArray(1, db.createArrayOf("varchar", references));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return types;
    }

    private static String[] references(List<OnlineSession> sessions) {
        return sessions.stream().map(OnlineSession::referenceNumber).toArray(String[]::new);
    }

    /** The one number {@code sql} counts in {@code service}'s database, its one parameter the given references. */
    private static long rows(Service service, String sql, String[] references) throws Exception {
        var postgres = stack.postgres();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(service.database()), postgres.user(),
                postgres.password());
             PreparedStatement statement = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("varchar", references);
            statement.setArray(1, array);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static <K> Map<K, Long> difference(Map<K, Long> after, Map<K, Long> before) {
        Map<K, Long> difference = new TreeMap<>();
        after.forEach((key, value) -> difference.put(key, value - before.getOrDefault(key, 0L)));
        return difference;
    }

    private static Map<Consumption, Map<Instance, Double>> consumedSince(
            Map<Consumption, Map<Instance, Double>> after, Map<Consumption, Map<Instance, Double>> before) {
        Map<Consumption, Map<Instance, Double>> difference = new LinkedHashMap<>();
        after.forEach((c, byInstance) -> {
            Map<Instance, Double> delta = new LinkedHashMap<>();
            byInstance.forEach((instance, value) -> delta.put(instance, value - before.get(c).get(instance)));
            difference.put(c, delta);
        });
        return difference;
    }

    private static long total(Map<Instance, Double> byInstance) {
        return Math.round(byInstance.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
