package pl.ksefhub.invoice.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch packages in invoice-service: part uploads through the URLs session-service hands out, then, after the
 * close, the package checked, decrypted, unpacked and its invoices processed as online ones, or the session's
 * failure status (sesja-wsadowa-diagram-stanow) in batch.package-rejected.
 */
@QuarkusTest
@QuarkusTestResource(value = pl.ksefhub.testsupport.KsefTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class BatchPackageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @Inject
    PackageStorage storage;

    @Test
    void aPackageUploadedInPartsInParallelBecomesAcceptedInvoicesWithTheirFileNames() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 5), 3).declare();
        session.announceAndAwait();

        IntStream.rangeClosed(1, 3).parallel().forEach(n -> pkg.upload(n).then().statusCode(201));
        // A repeated upload of the same part with the same bytes is harmless.
        pkg.upload(2).then().statusCode(201);
        List<ConsumerRecord<String, String>> uploaded = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, BatchEvents.PART_UPLOADED, 4, Duration.ofSeconds(30));
        JsonNode first = JSON.readTree(uploaded.get(0).value());
        assertEquals(session.referenceNumber, first.get("referenceNumber").asText());
        int ordinal = first.get("ordinalNumber").asInt();
        assertEquals(pkg.encryptedParts.get(ordinal - 1).length, first.get("size").asLong());
        assertEquals(TestSession.sha256(pkg.encryptedParts.get(ordinal - 1)), first.get("hash").asText());

        session.close();
        List<ConsumerRecord<String, String>> settled = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, "ksef.session.invoices-settled.v1", 1, Duration.ofSeconds(60));
        JsonNode counts = JSON.readTree(settled.get(0).value());
        assertEquals(5, counts.get("totalInvoiceCount").asInt());
        assertEquals(5, counts.get("successfulInvoiceCount").asInt());
        given().header("Authorization", "Bearer " + session.token)
                .get("/v2/sessions/{ref}/invoices?pageSize=10", session.referenceNumber).then().statusCode(200)
                .body("invoices.size()", org.hamcrest.Matchers.equalTo(5))
                .body("invoices.status.code", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(200)))
                .body("invoices.invoiceFileName", org.hamcrest.Matchers.hasItems("faktura_1.xml", "faktura_5.xml"))
                .body("invoices.ordinalNumber", org.hamcrest.Matchers.hasItems(1, 2, 3, 4, 5));
        assertEquals(5, KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber,
                "ksef.invoice.received.v1", 5, Duration.ofSeconds(10)).size());
    }

    @Test
    void aPackageInterruptedAfterItsFirstChunkResumesWithEveryInvoiceStoredAndNumberedOnce() throws Throwable {
        TestSession session = TestSession.fa3(keys);
        Map<String, String> files = invoices(session.nip, 5);
        TestPackage pkg = TestPackage.zip(session, files, 2).declare();
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 2);
        // What a worker that died after its first chunk leaves behind: two files stored, the resume point after them.
        List<PackageStorage.PackageFile> firstChunk = new java.util.ArrayList<>();
        int index = 0;
        for (var file : files.entrySet()) {
            if (index < 2) {
                firstChunk.add(new PackageStorage.PackageFile(index, file.getKey(),
                        file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            index++;
        }
        // The worker's claim, an hour old: storing the chunk renews it, so a live worker keeps its package.
        OffsetDateTime anHourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        claimPackage(session.referenceNumber, anHourAgo);
        OffsetDateTime beforeChunk = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> storage.storeChunk(session.referenceNumber,
                firstChunk, false));
        OffsetDateTime claimedAt = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                io.quarkus.hibernate.reactive.panache.Panache.withSession(() ->
                        io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(s -> s
                                .createNativeQuery("select package_claimed_at from invoicing_session"
                                        + " where reference_number = :ref", OffsetDateTime.class)
                                .setParameter("ref", session.referenceNumber).getSingleResult())));
        assertTrue(!claimedAt.isBefore(beforeChunk), "claim renewed by the chunk: " + claimedAt);
        // The worker died there: once its lease has run out, another takes the package over.
        claimPackage(session.referenceNumber, anHourAgo);
        session.close();

        JsonNode counts = JSON.readTree(KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber,
                "ksef.session.invoices-settled.v1", 1, Duration.ofSeconds(60)).get(0).value());
        assertEquals(5, counts.get("totalInvoiceCount").asInt());
        assertEquals(5, counts.get("successfulInvoiceCount").asInt());
        var invoices = given().header("Authorization", "Bearer " + session.token)
                .get("/v2/sessions/{ref}/invoices?pageSize=10", session.referenceNumber).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(1, 2, 3, 4, 5), invoices.getList("invoices.ordinalNumber", Integer.class).stream()
                .sorted().toList());
        assertEquals(5, new java.util.HashSet<>(invoices.getList("invoices.invoiceFileName")).size());
        assertEquals(5, new java.util.HashSet<>(invoices.getList("invoices.ksefNumber")).size());
        assertEquals(5, KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber,
                "ksef.invoice.accepted.v1", 5, Duration.ofSeconds(10)).size());
    }

    @Test
    void aTarGzPackageIsUnpackedToo() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.tarGz(session, invoices(session.nip, 3), 2).declare();
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 2);
        session.close();
        JsonNode counts = JSON.readTree(KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber,
                "ksef.session.invoices-settled.v1", 1, Duration.ofSeconds(60)).get(0).value());
        assertEquals(3, counts.get("successfulInvoiceCount").asInt());
    }

    @Test
    void anUploadWithAWrongSecretIs401AndAfterTheWindowOrTheClose403() {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 1), 2).declare();
        session.announceAndAwait();
        pkg.put(1, pkg.encryptedParts.get(0), pkg.tokens.get(1)).then().statusCode(401)
                .contentType(containsString("xml")).body(containsString("AuthenticationFailed"));
        pkg.put(3, pkg.encryptedParts.get(0), pkg.tokens.get(0)).then().statusCode(401);
        pkg.upload(1).then().statusCode(201);
        session.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> pkg.upload(2).statusCode() == 403);

        TestSession late = TestSession.fa3(keys);
        TestPackage expired = TestPackage.zip(late, invoices(late.nip, 1), 1)
                .declare(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        late.announceAndAwait();
        expired.upload(1).then().statusCode(403).body(containsString("AuthorizationFailure"));
    }

    @Test
    void aPartWhoseBytesAreNotTheDeclaredOnesEndsThePackageWith405() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 3), 2).declare();
        session.announceAndAwait();
        byte[] corrupted = pkg.encryptedParts.get(0).clone();
        corrupted[corrupted.length / 2] ^= (byte) 0xFF;
        pkg.put(1, corrupted, pkg.tokens.get(0)).then().statusCode(201);
        pkg.upload(2).then().statusCode(201);
        awaitUploads(session, 2);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(405, status.get("code").asInt());
        assertEquals("Błąd weryfikacji poprawności dostarczonych elementów paczki", status.get("description").asText());
        assertTrue(status.at("/details/0").asText()
                .startsWith("Skrót SHA-256 części: '1' nie zgadza się z zadeklarowanym skrótem:"));
    }

    @Test
    void aWrongInitializationVectorBreaksTheArchivesHashAnd430() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 2), 2).declare();
        session.with("initializationVector", TestSession.b64(new byte[16]));
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 2);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(430, status.get("code").asInt());
        assertTrue(status.at("/details/0").asText()
                .startsWith("Skrót SHA-256 przesłanej paczki faktur nie jest zgodny z zadeklarowanym skrótem:"));
    }

    @Test
    void aKeyThatDidNotUnwrapEndsThePackageWith415() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 2), 1).declare();
        session.with("keyValid", false);
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 1);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(415, status.get("code").asInt());
        assertEquals("Rozszyfrowania klucza symetrycznego zakończone błędem", status.at("/details/0").asText());
    }

    @Test
    void morePackageFilesThanTheSessionTakesIs420AndNoneIs440() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 3), 1).declare();
        session.with("invoiceLimit", 2);
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 1);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(420, status.get("code").asInt());
        assertEquals("Przekroczono dopuszczalną liczbę faktur w paczce: '2'. Liczba faktur w paczce: '3'.",
                status.at("/details/0").asText());

        TestSession empty = TestSession.fa3(keys);
        TestPackage nothing = TestPackage.zip(empty, Map.of(), 1).declare();
        empty.announceAndAwait();
        nothing.uploadAll();
        awaitUploads(empty, 1);
        empty.close();
        assertEquals(440, rejection(empty).get("code").asInt());
    }

    @Test
    void aRealPackageOf10001InvoicesIsOverTheLimitOf10000With420() throws Exception {
        TestSession session = TestSession.fa3(keys);
        String invoice = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= 10_001; i++) {
            files.put("faktura_" + i + ".xml", invoice);
        }
        TestPackage pkg = TestPackage.zip(session, files, 2).declare();
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 2);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(420, status.get("code").asInt());
        assertEquals("Przekroczony limit faktur w sesji", status.get("description").asText());
        assertEquals("Przekroczono dopuszczalną liczbę faktur w paczce: '10000'. Liczba faktur w paczce: '10001'.",
                status.at("/details/0").asText());
    }

    @Test
    void aFileOverTheSessionsInvoiceSizeIsOneFailedInvoiceWith430() throws Exception {
        TestSession session = TestSession.fa3(keys);
        String small = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        String large = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()) + " ".repeat(2000);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("small.xml", small);
        files.put("large.xml", large);
        TestPackage pkg = TestPackage.zip(session, files, 1).declare();
        session.with("maxInvoiceWithAttachmentSize", small.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 500);
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 1);
        session.close();
        JsonNode counts = JSON.readTree(KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber,
                "ksef.session.invoices-settled.v1", 1, Duration.ofSeconds(60)).get(0).value());
        assertEquals(1, counts.get("successfulInvoiceCount").asInt());
        assertEquals(1, counts.get("failedInvoiceCount").asInt());
        given().header("Authorization", "Bearer " + session.token)
                .get("/v2/sessions/{ref}/invoices/failed?pageSize=10", session.referenceNumber).then().statusCode(200)
                .body("invoices[0].invoiceFileName", org.hamcrest.Matchers.equalTo("large.xml"))
                .body("invoices[0].status.code", org.hamcrest.Matchers.equalTo(430))
                .body("invoices[0].status.details[0]", org.hamcrest.Matchers.startsWith("Rozmiar pliku faktury"));
    }

    @Test
    void anArchiveThatIsNoZipIs430() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.raw(session, "not a zip at all".getBytes()).declare();
        session.announceAndAwait();
        pkg.uploadAll();
        awaitUploads(session, 1);
        session.close();
        JsonNode status = rejection(session);
        assertEquals(430, status.get("code").asInt());
        assertEquals("Błąd dekompresji pierwotnego archiwum", status.get("description").asText());
    }

    @Test
    void aPartsCheckIsAnsweredOnceWithThePartsNotStoredAfterTheStoredOnesReports() throws Exception {
        TestSession session = TestSession.fa3(keys);
        TestPackage pkg = TestPackage.zip(session, invoices(session.nip, 3), 3).declare();
        session.announceAndAwait();
        pkg.upload(2).then().statusCode(201);
        String request = "{\"referenceNumber\":\"" + session.referenceNumber + "\",\"checkId\":\"c1\","
                + "\"requestedAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC) + "\"}";
        String eventId = java.util.UUID.randomUUID().toString();
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, PartsCheckRequested.TYPE, request,
                eventId);
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, PartsCheckRequested.TYPE, request,
                eventId);
        // A second check, after the redelivery on the same partition: once it is answered, the repeat was seen.
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, PartsCheckRequested.TYPE,
                request.replace("c1", "c2"));
        List<ConsumerRecord<String, String>> answers = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, BatchEvents.PARTS_CHECKED, 2, Duration.ofSeconds(30));
        assertEquals(2, answers.size());
        JsonNode first = JSON.readTree(answers.get(0).value());
        assertEquals("c1", first.get("checkId").asText());
        assertEquals(List.of(1, 3), JSON.convertValue(first.get("missingOrdinalNumbers"), List.class));
        assertEquals("c2", JSON.readTree(answers.get(1).value()).get("checkId").asText());
        ConsumerRecord<String, String> uploaded = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, BatchEvents.PART_UPLOADED, 1, Duration.ofSeconds(10)).get(0);
        assertTrue(uploaded.offset() < answers.get(0).offset(), "the stored part's report comes first");
    }

    /** Sets when the package was claimed, as a worker's claim (or a dead worker's stale one) leaves it. */
    private static void claimPackage(String sessionReferenceNumber, OffsetDateTime at) throws Throwable {
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache
                .withTransaction(() -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(s -> s
                        .createNativeQuery("update invoicing_session set package_claimed_at = :at"
                                + " where reference_number = :ref")
                        .setParameter("at", at).setParameter("ref", sessionReferenceNumber)
                        .executeUpdate())));
    }

    private static void awaitUploads(TestSession session, int count) {
        KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber, BatchEvents.PART_UPLOADED, count,
                Duration.ofSeconds(30));
    }

    private static JsonNode rejection(TestSession session) throws Exception {
        List<ConsumerRecord<String, String>> rejected = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, BatchEvents.PACKAGE_REJECTED, 1, Duration.ofSeconds(60));
        return JSON.readTree(rejected.get(0).value()).get("status");
    }

    static Map<String, String> invoices(String nip, int count) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            files.put("faktura_" + i + ".xml", InvoiceSamples.fa3(nip, InvoiceSamples.uniqueNumber()));
        }
        return files;
    }
}
