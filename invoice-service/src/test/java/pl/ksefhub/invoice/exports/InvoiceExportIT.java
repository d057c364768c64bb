package pl.ksefhub.invoice.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.SessionKeyWrapping;
import pl.ksefhub.testsupport.TestTokens;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v2/invoices/exports → status → parts downloaded, decrypted, joined and unzipped as a client does. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class InvoiceExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    PlatformKeys keys;

    @Test
    void anExportIsAZipOfTheXmlAndItsMetadataInEncryptedParts() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        Map<String, String> xmlByKsefNumber = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            String xml = InvoiceSamples.fa3(seller.nip, InvoiceSamples.uniqueNumber());
            xmlByKsefNumber.put(accept(seller, xml), xml);
        }
        ClientKey client = new ClientKey();
        String reference = start(seller.nip, client, false).then().statusCode(201).extract().path("referenceNumber");
        assertEquals("EH", reference.substring(9, 11));

        JsonPath status = awaitDone(seller.nip, reference);
        assertEquals("Eksport faktur zakończony sukcesem", status.getString("status.description"));
        assertEquals(3, status.getInt("package.invoiceCount"));
        assertEquals(false, status.getBoolean("package.isTruncated"));
        List<Map<String, Object>> parts = status.getList("package.parts");
        assertTrue(parts.size() > 1, "3000-byte parts in tests: " + parts.size());

        Map<String, byte[]> files = unzip(download(parts, client));
        assertEquals(4, files.size(), files.keySet().toString());
        for (Map.Entry<String, String> invoice : xmlByKsefNumber.entrySet()) {
            assertArrayEquals(invoice.getValue().getBytes(StandardCharsets.UTF_8),
                    files.get(invoice.getKey() + ".xml"), invoice.getKey());
        }
        JsonNode metadata = JSON.readTree(files.get("_metadata.json"));
        List<String> exported = new ArrayList<>();
        metadata.get("invoices").forEach(invoice -> exported.add(invoice.get("ksefNumber").asText()));
        assertEquals(new ArrayList<>(xmlByKsefNumber.keySet()), exported, "ascending by invoicing date");
        assertEquals(seller.nip, metadata.get("invoices").get(0).get("seller").get("nip").asText());
        assertEquals(status.getString("package.lastInvoicingDate"),
                metadata.get("invoices").get(2).get("invoicingDate").asText());
    }

    @Test
    void aTarGzExportHoldsTheSameFilesInOneGzipStream() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        Map<String, String> xmlByKsefNumber = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            String xml = InvoiceSamples.fa3(seller.nip, InvoiceSamples.uniqueNumber());
            xmlByKsefNumber.put(accept(seller, xml), xml);
        }
        ClientKey client = new ClientKey();
        Map<String, Object> body = new LinkedHashMap<>(request(client, false));
        body.put("compressionType", "TarGz");
        String reference = given().header("Authorization", "Bearer " + TestTokens.accessToken(seller.nip,
                        "InvoiceRead")).contentType("application/json").body(body).post("/v2/invoices/exports")
                .then().statusCode(201).extract().path("referenceNumber");

        List<Map<String, Object>> parts = awaitDone(seller.nip, reference).getList("package.parts");
        assertTrue(((String) parts.get(0).get("partName")).endsWith(".tar.gz.aes"), parts.get(0).toString());
        Map<String, byte[]> files = untarGz(download(parts, client));
        assertEquals(3, files.size(), files.keySet().toString());
        for (Map.Entry<String, String> invoice : xmlByKsefNumber.entrySet()) {
            assertArrayEquals(invoice.getValue().getBytes(StandardCharsets.UTF_8),
                    files.get(invoice.getKey() + ".xml"), invoice.getKey());
        }
        assertEquals(2, JSON.readTree(files.get("_metadata.json")).get("invoices").size());
    }

    @Test
    void anUnknownKeySelectorOrCompressionIsRefused() throws Exception {
        String nip = TestSession.randomNip();
        Map<String, Object> body = new LinkedHashMap<>(request(new ClientKey(), false));
        Map<String, Object> encryption = new LinkedHashMap<>(castMap(body.get("encryption")));
        String unknownKey = Base64.getEncoder().encodeToString(new byte[32]);
        encryption.put("publicKeyId", unknownKey);
        body.put("encryption", encryption);
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body).post("/v2/invoices/exports").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21470))
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("Klucz o identyfikatorze " + unknownKey + " nie jest wspierany."));

        Map<String, Object> rar = new LinkedHashMap<>(request(new ClientKey(), false));
        rar.put("compressionType", "Rar");
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(rar).post("/v2/invoices/exports").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));

        encryption.put("publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body).post("/v2/invoices/exports").then().statusCode(201);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void onlyMetadataExportsJustTheMetadataFile() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String ksefNumber = accept(seller, InvoiceSamples.fa3(seller.nip, InvoiceSamples.uniqueNumber()));
        ClientKey client = new ClientKey();
        String reference = start(seller.nip, client, true).then().statusCode(201).extract().path("referenceNumber");
        Map<String, byte[]> files = unzip(download(awaitDone(seller.nip, reference).getList("package.parts"),
                client));
        assertEquals(List.of("_metadata.json"), new ArrayList<>(files.keySet()));
        assertEquals(ksefNumber, JSON.readTree(files.get("_metadata.json")).get("invoices").get(0)
                .get("ksefNumber").asText());
    }

    @Test
    void aKeyThatDoesNotUnwrapEndsWith415AndOtherContextsSeeNoExport() {
        String nip = TestSession.randomNip();
        Map<String, Object> body = Map.of("encryption", Map.of(
                        "encryptedSymmetricKey", Base64.getEncoder().encodeToString(new byte[256]),
                        "initializationVector", Base64.getEncoder().encodeToString(new byte[16])),
                "filters", filters());
        String reference = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body).post("/v2/invoices/exports").then().statusCode(201)
                .extract().path("referenceNumber");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(nip, reference).getInt("status.code") != 100);
        assertEquals(415, status(nip, reference).getInt("status.code"));

        given().header("Authorization", "Bearer " + TestTokens.accessToken(TestSession.randomNip(), "InvoiceRead"))
                .get("/v2/invoices/exports/{ref}", reference).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21175));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(Map.of("filters", filters()))
                .post("/v2/invoices/exports").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details[0]", equalTo("'encryption' must not be empty."));
    }

    @Test
    void aTamperedPartUrlIsRefused() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        accept(seller, InvoiceSamples.fa3(seller.nip, InvoiceSamples.uniqueNumber()));
        String reference = start(seller.nip, new ClientKey(), true).then().statusCode(201)
                .extract().path("referenceNumber");
        String url = (String) awaitDone(seller.nip, reference).getList("package.parts", Map.class).get(0).get("url");
        URI uri = URI.create(url);
        given().get(uri.getRawPath() + "?" + uri.getRawQuery()).then().statusCode(200);
        given().get(uri.getRawPath() + "?" + uri.getRawQuery().replace("signature=", "signature=x"))
                .then().statusCode(403);
    }

    @Test
    void anExportStopsAtTenThousandInvoicesWithTheLastDatesToContinueFrom() throws Exception {
        String nip = TestSession.randomNip();
        String session = pl.ksefhub.platform.refnum.ReferenceNumbers.next(
                pl.ksefhub.platform.refnum.ReferenceNumbers.ONLINE_SESSION);
        InvoiceDatabase.execute("insert into invoicing_session (reference_number, session_type, context_type,"
                + " context_value, form_system_code, form_schema_version, form_value, key_valid, invoice_limit,"
                + " opened_at, valid_until) values (?, 'online', 'Nip', ?, 'FA (3)', '1-0E', 'FA', true, 20000,"
                + " now(), now() + interval '1 hour')", session, nip);
        InvoiceDatabase.execute("insert into invoice (reference_number, session_reference_number,"
                + " ordinal_number, invoice_hash, invoice_size, encrypted_invoice_hash, encrypted_invoice_size,"
                + " offline_mode, decryption_failed, invoicing_date, status_code, status_description, seller_nip,"
                + " invoice_type, invoice_number, issue_date, invoicing_mode, invoice_id, ksef_number,"
                + " acquisition_date, permanent_storage_date, metadata_read, buyer_identifier_type,"
                + " form_system_code, form_schema_version, form_value, currency, gross_amount)"
                + " select 'X' || ? || lpad(g::text, 8, '0'), ?, g, 'h', 1, 'h', 1, false, false,"
                + " now() - interval '1 hour' + g * interval '1 millisecond', 200, 'Sukces', ?, 'VAT', 'X/' || g,"
                + " current_date, 'Online', nextval('ksef_invoice_id_seq'), ? || '-X-' || g, now(), now(), true,"
                + " 'None', 'FA (3)', '1-0E', 'FA', 'PLN', g from generate_series(1, 10001) g", nip, session, nip,
                nip);
        ClientKey client = new ClientKey();
        String reference = start(nip, client, true).then().statusCode(201).extract().path("referenceNumber");
        JsonPath status = awaitDone(nip, reference);
        assertEquals(10000, status.getInt("package.invoiceCount"));
        assertEquals(true, status.getBoolean("package.isTruncated"));
        JsonNode metadata = JSON.readTree(unzip(download(status.getList("package.parts"), client))
                .get("_metadata.json"));
        assertEquals(10000, metadata.get("invoices").size());
        JsonNode last = metadata.get("invoices").get(9999);
        assertEquals("X/10000", last.get("invoiceNumber").asText());
        assertEquals(OffsetDateTime.parse(last.get("invoicingDate").asText()).toInstant(),
                OffsetDateTime.parse(status.getString("package.lastInvoicingDate")).toInstant());
    }

    /** The client's side of the encryption: a fresh AES-256 key and IV, the key wrapped for us. */
    private final class ClientKey {
        final SecretKey key;
        final byte[] iv = new byte[16];
        final String wrapped;

        ClientKey() throws Exception {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            key = generator.generateKey();
            RANDOM.nextBytes(iv);
            wrapped = SessionKeyWrapping.wrap(keys, key.getEncoded());
        }

        byte[] decrypt(byte[] part) throws Exception {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return aes.doFinal(part);
        }
    }

    private static Map<String, Object> filters() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Map.of("subjectType", "Subject1", "dateRange", Map.of("dateType", "Invoicing",
                "from", now.minusDays(10).toString(), "to", now.plusDays(10).toString()));
    }

    private static io.restassured.response.Response start(String nip, ClientKey client, boolean onlyMetadata) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(request(client, onlyMetadata))
                .post("/v2/invoices/exports");
    }

    private static Map<String, Object> request(ClientKey client, boolean onlyMetadata) {
        return Map.of("encryption", Map.of("encryptedSymmetricKey", client.wrapped,
                        "initializationVector", Base64.getEncoder().encodeToString(client.iv)),
                "filters", filters(), "onlyMetadata", onlyMetadata);
    }

    private static JsonPath status(String nip, String reference) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .get("/v2/invoices/exports/{ref}", reference).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitDone(String nip, String reference) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status(nip, reference).getInt("status.code") != 100);
        JsonPath status = status(nip, reference);
        assertEquals(200, status.getInt("status.code"));
        return status;
    }

    /** Each part downloaded without a token, its hashes checked, decrypted on its own, joined in order. */
    private static byte[] download(List<Map<String, Object>> parts, ClientKey client) throws Exception {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Map<String, Object> part : parts) {
            assertEquals("GET", part.get("method"));
            URI uri = URI.create((String) part.get("url"));
            byte[] encrypted = given().get(uri.getRawPath() + "?" + uri.getRawQuery()).then().statusCode(200)
                    .header("x-ms-meta-hash", equalTo(part.get("encryptedPartHash"))).extract().asByteArray();
            assertEquals(((Number) part.get("encryptedPartSize")).longValue(), encrypted.length);
            assertEquals(part.get("encryptedPartHash"), TestSession.sha256(encrypted));
            byte[] plain = client.decrypt(encrypted);
            assertEquals(((Number) part.get("partSize")).longValue(), plain.length);
            assertEquals(part.get("partHash"), TestSession.sha256(plain));
            joined.write(plain);
        }
        return joined.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    /** Read with commons-compress: a tar reader that is not ours. */
    private static Map<String, byte[]> untarGz(byte[] tarGz) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertTrue(entry.isFile(), entry.getName());
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static String accept(TestSession session, String xml) {
        String invoiceRef = session.send(xml);
        assertEquals(200, session.awaitFinalStatus(invoiceRef));
        return session.status(invoiceRef).extract().path("ksefNumber");
    }
}
