package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.AuthenticationStarted;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.KsefClient.XadesAuthentication;
import pl.ksefhub.platform.refnum.Crc8;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two taxpayers, two contexts: everything that one reads of the other's sessions, invoices, UPOs, KSeF tokens,
 * authentications, sale and recurring documents and tickets is exactly what it reads of a resource that was never
 * made (same status, same body but for the identifier, the time and the trace), so an answer tells nothing of
 * whether the other's resource exists; and no list of one names the other's resources. Permissions are left to the
 * permission operations' own tests (being built).
 */
class ContextIsolationSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningStack.Target target;
    private static Taxpayer owner;
    private static Taxpayer stranger;

    /** What B made, for A to try to read. */
    private static String session;
    private static String invoice;
    private static String ksefNumber;
    private static String upo;
    private static String ksefTokenReference;
    private static String ksefToken;
    private static long saleDocument;
    private static long recurringDocument;

    private record Taxpayer(String nip, KsefClient client, XadesAuthentication login) {
        static Taxpayer signIn(String baseUrl) {
            String nip = RandomIdentifiers.nip();
            Signer signer = XadesTestSigner.seal(nip, KeyKind.EC_P256);
            KsefClient client = new KsefClient(baseUrl);
            return new Taxpayer(nip, client, client.authenticateWithXades(nip, xml -> XadesTestSigner.sign(xml,
                    signer)));
        }

        String token() {
            return client.accessToken();
        }
    }

    @BeforeAll
    static void theOwnerMakesOneOfEverything() {
        target = RunningStack.get();
        owner = Taxpayer.signIn(target.baseUrl());
        stranger = Taxpayer.signIn(target.baseUrl());
        KsefClient b = owner.client();

        OnlineSession online = b.openOnlineSession("FA (3)");
        session = online.referenceNumber();
        Answer sent = KsefClient.expect(b.sendInvoice(online, Invoices.fa3(owner.nip(), "ISO/" + UUID.randomUUID())),
                202);
        invoice = sent.json().get("referenceNumber").asText();
        AtomicReference<JsonNode> status = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            status.set(b.invoiceStatus(session, invoice).json());
            return status.get().at("/status/code").asInt() == 200;
        });
        ksefNumber = status.get().get("ksefNumber").asText();
        KsefClient.expect(b.closeSession(online), 204);
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            status.set(b.sessionStatus(session).json());
            return status.get().at("/status/code").asInt() == 200;
        });
        upo = status.get().at("/upo/pages/0/referenceNumber").asText();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                b.get("/v2/sessions/" + session + "/upo/" + upo, b.accessToken()).status() == 200);

        JsonNode token = KsefClient.expect(b.post("/v2/tokens", b.accessToken(),
                Map.of("permissions", List.of("InvoiceRead"), "description", "Izolacja")), 202).json();
        ksefTokenReference = token.get("referenceNumber").asText();
        ksefToken = token.get("token").asText();

        AtomicReference<Long> saleId = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode list = b.get("/api/sale-documents?ksefNumber=" + ksefNumber, b.accessToken()).json()
                    .at("/response/list");
            saleId.set(list.size() == 1 ? list.get(0).get("id").asLong() : null);
            return saleId.get() != null;
        });
        saleDocument = saleId.get();
        // Starts next year: nothing is issued from it while the tests run.
        JsonNode added = b.post("/api/recurring-documents/add", b.accessToken(), Map.of("name", "Izolacja",
                "idSaleDocument", saleDocument, "intervalTimeType", "month",
                "startDate", LocalDate.now(ZoneId.of("Europe/Warsaw")).plusYears(1).toString(),
                "hourToSend", "0", "email", "owner@example.com")).json();
        assertTrue(added.get("success").asBoolean(), added.toString());
        recurringDocument = added.at("/response/id").asLong();
    }

    /** One read: its path (and body) for an identifier; the owner's identifier and a made-up one of the same form. */
    private record Read(String name, String method, Function<String, String> path, Function<String, Object> body,
                        String owners, String madeUp) {
        static Read get(String name, Function<String, String> path, String owners, String madeUp) {
            return new Read(name, "GET", path, id -> null, owners, madeUp);
        }
    }

    @Test
    void aStrangerReadsOfTheOwnersResourcesWhatItReadsOfNoneAtAll() {
        String otherSession = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        List<Read> reads = List.of(
                Read.get("session status", id -> "/v2/sessions/" + id, session, otherSession),
                Read.get("session invoices", id -> "/v2/sessions/" + id + "/invoices", session, otherSession),
                Read.get("failed invoices", id -> "/v2/sessions/" + id + "/invoices/failed", session, otherSession),
                Read.get("invoice status", id -> "/v2/sessions/" + session + "/invoices/" + id, invoice,
                        ReferenceNumbers.next(ReferenceNumbers.INVOICE)),
                Read.get("invoice by KSeF number", id -> "/v2/invoices/ksef/" + id, ksefNumber,
                        madeUpKsefNumber(ksefNumber)),
                Read.get("invoice UPO", id -> "/v2/sessions/" + session + "/invoices/" + id + "/upo", invoice,
                        ReferenceNumbers.next(ReferenceNumbers.INVOICE)),
                Read.get("invoice UPO by KSeF number", id -> "/v2/sessions/" + session + "/invoices/ksef/" + id
                        + "/upo", ksefNumber, madeUpKsefNumber(ksefNumber)),
                Read.get("session UPO", id -> "/v2/sessions/" + session + "/upo/" + id, upo,
                        ReferenceNumbers.next(ReferenceNumbers.UPO)),
                Read.get("KSeF token", id -> "/v2/tokens/" + id, ksefTokenReference,
                        ReferenceNumbers.next(ReferenceNumbers.KSEF_TOKEN)),
                Read.get("sale document", id -> "/api/sale-documents/" + id, Long.toString(saleDocument),
                        Long.toString(saleDocument + 1_000_000)),
                Read.get("recurring document", id -> "/api/recurring-documents/get/" + id,
                        Long.toString(recurringDocument), Long.toString(recurringDocument + 1_000_000)),
                new Read("ticket of the owner's token in the owner's context", "POST",
                        id -> "/v2/tickets/" + owner.nip(), id -> Map.of("data", id), ksefToken,
                        madeUpKsefToken(ksefToken)),
                new Read("ticket of the owner's token in the stranger's context", "POST",
                        id -> "/v2/tickets/" + stranger.nip(), id -> Map.of("data", id), ksefToken,
                        madeUpKsefToken(ksefToken)));

        List<String> leaks = new ArrayList<>();
        for (Read read : reads) {
            Answer own = call(owner.client(), owner.token(), read, read.owners());
            if (!read.method().equals("POST")) {
                // The resource is there: its owner reads it.
                assertEquals(200, own.status(), read.name() + " for its owner: " + own.text());
            }
            Answer ofOwner = call(stranger.client(), stranger.token(), read, read.owners());
            Answer ofNone = call(stranger.client(), stranger.token(), read, read.madeUp());
            // recurring-service answers in the envelope of seeds/004: 200 with "success": false.
            assertTrue(ofOwner.status() >= 400 || ofOwner.text().startsWith("{\"success\":false"),
                    read.name() + " read by a stranger: " + ofOwner.text());
            String seen = normalized(ofOwner, read.owners());
            String unseen = normalized(ofNone, read.madeUp());
            if (ofOwner.status() != ofNone.status() || !seen.equals(unseen)) {
                leaks.add(read.name() + ": " + ofOwner.status() + " " + seen + " but for none " + ofNone.status()
                        + " " + unseen);
            }
            System.out.printf("isolation: %s -> %d for the owner's, %d for a made-up one%n", read.name(),
                    ofOwner.status(), ofNone.status());
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void theAuthenticationOfOneIsNotReadWithTheAuthenticationTokenOfAnother() {
        Signer signer = XadesTestSigner.seal(stranger.nip(), KeyKind.EC_P256);
        AuthenticationStarted started = stranger.client().startXadesAuthentication(stranger.nip(),
                xml -> XadesTestSigner.sign(xml, signer));
        Read read = Read.get("authentication status", id -> "/v2/auth/" + id, owner.login().referenceNumber(),
                ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION));
        Answer ofOwner = call(stranger.client(), started.authenticationToken(), read, read.owners());
        Answer ofNone = call(stranger.client(), started.authenticationToken(), read, read.madeUp());
        assertTrue(ofOwner.status() >= 400, ofOwner.text());
        assertEquals(ofNone.status(), ofOwner.status());
        assertEquals(normalized(ofNone, read.madeUp()), normalized(ofOwner, read.owners()));
    }

    @Test
    void noListOfOneNamesTheResourcesOfAnother() {
        KsefClient a = stranger.client();
        String token = stranger.token();
        assertNotListed(a.get("/v2/sessions?sessionType=Online&pageSize=1000", token), session);
        assertNotListed(a.get("/v2/tokens?pageSize=100", token), ksefTokenReference);
        assertNotListed(a.get("/v2/auth/sessions?pageSize=100", token), owner.login().referenceNumber());
        assertNotListed(a.get("/api/sale-documents?ksefNumber=" + ksefNumber, token), ksefNumber);
        assertNotListed(a.get("/api/sale-documents", token), ksefNumber);
        assertNotListed(a.post("/api/recurring-documents/find", token, Map.of()), "Izolacja");
        for (String subjectType : List.of("Subject1", "Subject2", "Subject3", "SubjectAuthorized")) {
            assertNotListed(a.post("/v2/invoices/query/metadata?pageSize=250", token, Map.of(
                    "subjectType", subjectType, "dateRange", Map.of("dateType", "PermanentStorage",
                            "from", LocalDate.now().minusDays(1) + "T00:00:00Z"))), ksefNumber);
        }
        // The owner's own lists do name them: the checks above can fail.
        KsefClient b = owner.client();
        assertTrue(b.get("/v2/sessions?sessionType=Online&pageSize=1000", owner.token()).text().contains(session));
        assertTrue(b.get("/v2/tokens?pageSize=100", owner.token()).text().contains(ksefTokenReference));
        assertTrue(b.get("/api/sale-documents?ksefNumber=" + ksefNumber, owner.token()).text().contains(ksefNumber));
    }

    private static void assertNotListed(Answer answer, String foreign) {
        assertTrue(answer.status() < 500, answer.text());
        // recurring-service's envelope repeats the query's parameters: only its list counts.
        JsonNode list = answer.json().at("/response/list");
        String listed = list.isMissingNode() ? answer.text() : list.toString();
        assertFalse(listed.contains(foreign), "lists " + foreign + ": " + answer.text());
    }

    private static Answer call(KsefClient client, String bearer, Read read, String id) {
        Object body = read.body().apply(id);
        return read.method().equals("GET") ? client.get(read.path().apply(id), bearer)
                : client.post(read.path().apply(id), bearer, body);
    }

    /** The body without what differs between any two answers (time, trace) and with the identifier as {@code <id>}. */
    private static String normalized(Answer answer, String id) {
        String text = answer.text().replace(id, "<id>");
        try {
            JsonNode json = JSON.readTree(text);
            strip(json);
            return json.toString();
        } catch (Exception e) {
            return text;
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("timestamp", "serviceCode", "traceId", "requestId"));
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                strip(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(ContextIsolationSystemIT::strip);
        }
    }

    /** The same NIP and day, another technical part, a right checksum: a KSeF number no invoice has. */
    private static String madeUpKsefNumber(String real) {
        String body = real.substring(0, 20) + "FF" + real.substring(22, 32);
        return body + "-" + Crc8.hex(body);
    }

    /** A token of the same form ({@code <EC reference>|nip-<NIP>|<64 hex>}) with another secret. */
    private static String madeUpKsefToken(String real) {
        int last = real.lastIndexOf('|');
        return real.substring(0, last + 1) + "0".repeat(real.length() - last - 1);
    }
}
