package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /v2/sessions/{ref}} through the edge, on the whole system (test mode, as the local stack runs): an
 * online session with an accepted invoice and its UPOs is deleted, reads as unknown, and no database of the four
 * services holds a row of it any more.
 */
class SessionDeletionSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(60);

    private static RunningStack.Target target;
    private static KsefClient client;

    @BeforeAll
    static void authenticate() {
        target = RunningStack.get();
        client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
    }

    @Test
    void aDeletedSessionLeavesNoRowInAnyServicesDatabase() throws Exception {
        Assumptions.assumeTrue(target.postgres() != null, "counts rows in the databases of a stack it started");
        OnlineSession session = client.openOnlineSession("FA (3)");
        String ref = session.referenceNumber();
        Answer sent = client.sendInvoice(session, Invoices.fa3(target.nip(), "DEL/" + UUID.randomUUID()));
        assertEquals(202, sent.status(), sent.text());
        String invoiceRef = sent.json().get("referenceNumber").asText();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            Answer status = client.invoiceStatus(ref, invoiceRef);
            return status.status() == 200 && status.json().at("/status/code").asInt() == 200;
        });
        String ksefNumber = client.invoiceStatus(ref, invoiceRef).json().get("ksefNumber").asText();
        assertEquals(204, client.closeSession(session).status());
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                client.sessionStatus(ref).json().at("/status/code").asInt() == 200);
        // Its UPO is served, and every service holds rows of it: the counts below see them.
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                client.get("/v2/sessions/" + ref + "/invoices/ksef/" + ksefNumber + "/upo", client.accessToken())
                        .status() == 200);
        await().atMost(PROCESSING).until(() -> rowsOf(ref, ksefNumber).entrySet().stream()
                .filter(table -> !table.getKey().equals("ksef_recurring.outbox_event")) // it announces none
                .allMatch(table -> table.getValue() > 0));

        Answer deletion = client.deleteSession(ref);
        assertEquals(200, deletion.status(), deletion.text());
        assertEquals("Usuwanie sesji rozpoczęte.", deletion.json().get("message").asText());
        assertEquals(ref, deletion.json().get("referenceNumber").asText());

        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                client.sessionStatus(ref).status() == 400);
        JsonNode gone = client.sessionStatus(ref).json();
        assertEquals(21173, gone.at("/exception/exceptionDetailList/0/exceptionCode").asInt(), gone.toString());
        assertEquals(400, client.invoiceStatus(ref, invoiceRef).status());
        assertEquals(400, client.get("/v2/sessions/" + ref + "/invoices/ksef/" + ksefNumber + "/upo",
                client.accessToken()).status());

        // The services drop their confirmations' outbox rows once they read session.deleted: a moment later.
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Long> rows = rowsOf(ref, ksefNumber);
            assertTrue(rows.values().stream().allMatch(n -> n == 0), rows.toString());
        });
        // What is left: session-service's announcement that the session was deleted (reference and time only).
        assertEquals(1, count("ksef_session", "select count(*) from outbox_event where record_key = ?"
                + " and event_type = 'ksef.session.deleted.v1'", ref));
    }

    /**
     * Rows that carry the session, per database and table: by its reference number, by the invoice's KSeF number,
     * and any outbox row (whatever its key) whose payload names either; processed-event rows hold event ids only.
     */
    private static Map<String, Long> rowsOf(String ref, String ksefNumber) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        String outbox = "select count(*) from outbox_event where (record_key = ? or payload like '%' || ? || '%'"
                + " or payload like '%' || ? || '%') and event_type <> 'ksef.session.deleted.v1'";
        for (String database : List.of("ksef_session", "ksef_invoice", "ksef_upo", "ksef_recurring")) {
            rows.put(database + ".outbox_event", count(database, outbox, ref, ref, ksefNumber));
        }
        rows.put("ksef_session.ksef_session", count("ksef_session",
                "select count(*) from ksef_session where reference_number = ?", ref));
        rows.put("ksef_invoice.invoicing_session", count("ksef_invoice",
                "select count(*) from invoicing_session where reference_number = ?", ref));
        rows.put("ksef_invoice.invoice", count("ksef_invoice",
                "select count(*) from invoice where session_reference_number = ? or ksef_number = ?", ref,
                ksefNumber));
        rows.put("ksef_invoice.invoice_content", count("ksef_invoice", "select count(*) from invoice_content c"
                + " join invoice i on i.id = c.invoice_row_id where i.session_reference_number = ?", ref));
        rows.put("ksef_upo.upo_session", count("ksef_upo",
                "select count(*) from upo_session where reference_number = ?", ref));
        rows.put("ksef_upo.upo_invoice", count("ksef_upo",
                "select count(*) from upo_invoice where session_reference_number = ? or ksef_number = ?", ref,
                ksefNumber));
        rows.put("ksef_upo.upo_document", count("ksef_upo",
                "select count(*) from upo_document where session_reference_number = ? or ksef_number = ?", ref,
                ksefNumber));
        rows.put("ksef_recurring.sale_document", count("ksef_recurring",
                "select count(*) from sale_document where session_reference_number = ? or ksef_number = ?", ref,
                ksefNumber));
        return rows;
    }

    private static long count(String database, String sql, String... parameters) throws Exception {
        try (Connection db = DriverManager.getConnection(target.postgres().jdbcUrl(database),
                target.postgres().user(), target.postgres().password());
             PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
