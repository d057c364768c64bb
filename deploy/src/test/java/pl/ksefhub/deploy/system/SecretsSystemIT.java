package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.KsefClient.XadesAuthentication;
import pl.ksefhub.deploy.postgres.Databases;
import pl.ksefhub.deploy.services.Service;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What must stay secret stays so after a full flow: KSeF tokens are kept as SHA-256 only, refresh tokens not at all
 * (their id), and no token the flow used, no private key of the stack, appears in any table, any log file of the
 * stack or any record of any topic.
 */
class SecretsSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tokensAndPrivateKeysAppearInNoTableNoLogAndNoEvent() throws Exception {
        RunningStack.Target target = RunningStack.get();
        assumeTrue(target.dataDir() != null && target.postgres() != null, "needs the stack this JVM started");
        Map<String, String> secrets = new LinkedHashMap<>();

        // XAdES login, a KSeF token made with it, a login with that token, a refresh, an online flow.
        String nip = RandomIdentifiers.nip();
        Signer signer = XadesTestSigner.seal(nip, KeyKind.RSA_2048);
        KsefClient client = new KsefClient(target.baseUrl());
        XadesAuthentication login = client.authenticateWithXades(nip, xml -> XadesTestSigner.sign(xml, signer));
        secrets.put("access token", login.accessToken());
        secrets.put("refresh token", login.refreshToken());
        JsonNode created = KsefClient.expect(client.post("/v2/tokens", client.accessToken(),
                Map.of("permissions", List.of("InvoiceWrite", "InvoiceRead"), "description", "Sekrety")), 202).json();
        String ksefToken = created.get("token").asText();
        String ksefTokenReference = created.get("referenceNumber").asText();
        secrets.put("KSeF token", ksefToken);
        secrets.put("KSeF token's secret", ksefToken.substring(ksefToken.lastIndexOf('|') + 1));
        secrets.put("demo KSeF token's secret", target.token().substring(target.token().lastIndexOf('|') + 1));
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                "Active".equals(client.get("/v2/tokens/" + ksefTokenReference, login.accessToken()).json()
                        .path("status").asText()));

        KsefClient withToken = new KsefClient(target.baseUrl());
        withToken.authenticateWithKsefToken(nip, ksefToken);
        secrets.put("access token of the KSeF token", withToken.accessToken());
        Answer refreshed = KsefClient.expect(client.post("/v2/auth/token/refresh", login.refreshToken(), null), 200);
        secrets.put("refreshed access token", refreshed.json().at("/accessToken/token").asText());

        OnlineSession session = withToken.openOnlineSession("FA (3)");
        Answer sent = KsefClient.expect(withToken.sendInvoice(session, Invoices.fa3(nip, "SEC/" + UUID.randomUUID())),
                202);
        String invoice = sent.json().get("referenceNumber").asText();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                withToken.invoiceStatus(session.referenceNumber(), invoice).json().at("/status/code").asInt() == 200);
        KsefClient.expect(withToken.closeSession(session), 204);
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                withToken.sessionStatus(session.referenceNumber()).json().at("/status/code").asInt() == 200);

        for (Path key : privateKeys(target.dataDir())) {
            secrets.put("private key " + key.getFileName(), keyMaterial(key));
        }
        secrets.values().forEach(s -> assertTrue(s != null && s.length() >= 32, "a secret to look for: " + s));

        try (Connection session1 = Databases.connect(target.postgres(), Service.SESSION.database())) {
            // The KSeF token: its SHA-256 only. The refresh token: only its id (jti), which signs nothing.
            try (PreparedStatement query = session1.prepareStatement(
                    "select secret_hash from ksef_token where reference_number = ?")) {
                query.setString(1, ksefTokenReference);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals(sha256Hex(ksefToken), row.getString(1));
                }
            }
            try (PreparedStatement query = session1.prepareStatement(
                    "select refresh_token_id from auth_operation where reference_number = ?")) {
                query.setString(1, login.referenceNumber());
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals(jwtClaim(login.refreshToken(), "jti"), row.getString(1));
                }
            }
        }

        List<String> found = new ArrayList<>();
        for (Service service : Service.values()) {
            found.addAll(inTables(target, service.database(), secrets));
        }
        try (Stream<Path> logs = Files.list(target.dataDir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
                secrets.forEach((name, secret) -> {
                    if (text.contains(secret)) {
                        found.add(name + " in " + log.getFileName());
                    }
                });
            }
        }
        int records = inTopics(target.kafka(), secrets, found);
        System.out.printf("secrets: %d secrets looked for in every row of %d databases, the logs and %d records%n",
                secrets.size(), Service.values().length, records);
        assertTrue(records > 0, "the flow's events were read");
        assertEquals(List.of(), found);
    }

    private static List<String> inTables(RunningStack.Target target, String database, Map<String, String> secrets)
            throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = Databases.connect(target.postgres(), database);
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertFalse(tables.isEmpty(), database);
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("select t::text from \"" + table + "\" t")) {
                    while (rows.next()) {
                        String row = rows.getString(1);
                        secrets.forEach((name, secret) -> {
                            if (row.contains(secret)) {
                                found.add(name + " in " + database + "." + table);
                            }
                        });
                    }
                }
            }
        }
        return found;
    }

    /** Every record (value and headers) of every topic, from the beginning. @return how many were read */
    private static int inTopics(String bootstrap, Map<String, String> secrets, List<String> found) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics = admin.listTopics().names().get();
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertTrue(System.currentTimeMillis() < deadline, "topics not read within 60 s");
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    StringBuilder text = new StringBuilder();
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.ISO_8859_1));
                    }
                    for (Header header : record.headers()) {
                        text.append('\n').append(header.key()).append('=')
                                .append(new String(header.value(), StandardCharsets.ISO_8859_1));
                    }
                    String all = text.toString();
                    secrets.forEach((name, secret) -> {
                        if (all.contains(secret)) {
                            found.add(name + " in " + record.topic() + " at " + record.offset());
                        }
                    });
                }
            }
        }
        return records;
    }

    private static List<Path> privateKeys(Path dataDir) throws Exception {
        List<Path> keys = new ArrayList<>();
        for (String folder : List.of("keys", "upo-keys")) {
            Path dir = dataDir.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".key.pem")).forEach(keys::add);
                }
            }
        }
        assertFalse(keys.isEmpty(), "the stack's private keys in " + dataDir);
        return keys;
    }

    /** A line of the key's Base64 (the second: the first carries mostly the algorithm's fixed prefix). */
    private static String keyMaterial(Path pem) throws Exception {
        List<String> lines = Files.readAllLines(pem).stream().filter(l -> !l.startsWith("-----")).toList();
        assertNotNull(lines.size() > 1 ? lines.get(1) : null, pem.toString());
        return lines.get(1);
    }

    private static String jwtClaim(String jwt, String claim) throws Exception {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get(claim).asText();
    }

    private static String sha256Hex(String secret) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
