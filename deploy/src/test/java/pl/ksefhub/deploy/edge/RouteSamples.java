package pl.ksefhub.deploy.edge;

import static pl.ksefhub.deploy.services.Service.INVOICE;
import static pl.ksefhub.deploy.services.Service.RECURRING;
import static pl.ksefhub.deploy.services.Service.SESSION;
import static pl.ksefhub.deploy.services.Service.UPO;

import java.util.List;

import pl.ksefhub.deploy.services.Service;

/**
 * Requests for each row of "Who answers what" in docs/EVENTS.md, and requests no row answers. Shared by the
 * edge's route table test and the Ingress test, so both routers are held to the same table.
 */
final class RouteSamples {

    record Sample(String method, String path, Service service) {
        @Override
        public String toString() {
            return method + " " + path + (service == null ? "" : " -> " + service);
        }
    }

    /** Under /v2 (and the same under /api/v2). */
    static final List<Sample> API = List.of(
            // session-service
            new Sample("POST", "/auth/challenge", SESSION),
            new Sample("GET", "/auth/20261124-AU-1", SESSION),
            new Sample("POST", "/auth/token/redeem", SESSION),
            new Sample("POST", "/tokens", SESSION),
            new Sample("DELETE", "/tokens/20261124-EC-1", SESSION),
            new Sample("GET", "/security/public-key-certificates", SESSION),
            new Sample("POST", "/sessions/online", SESSION),
            new Sample("POST", "/sessions/online/20261124-SO-1/close", SESSION),
            new Sample("POST", "/sessions/batch", SESSION),
            new Sample("POST", "/sessions/batch/20261124-SB-1/close", SESSION),
            new Sample("PUT", "/sessions/batch/20261124-SB-1/parts/2", INVOICE),
            new Sample("GET", "/sessions", SESSION),
            new Sample("GET", "/sessions/20261124-SO-1", SESSION),
            new Sample("DELETE", "/sessions/20261124-SO-1", SESSION),
            new Sample("GET", "/rate-limits", SESSION),
            new Sample("GET", "/limits/context", SESSION),
            new Sample("POST", "/testdata/subject", SESSION),
            new Sample("GET", "/peppol/query", SESSION),
            new Sample("POST", "/tickets/5265877635", SESSION),
            new Sample("GET", "/qr/certificate/Nip/5265877635/5265877635/0123456789ABCDEF/aGFzaA/c2ln", SESSION),
            new Sample("POST", "/permissions/persons/grants", SESSION),
            new Sample("DELETE", "/permissions/common/grants/abc", SESSION),
            new Sample("GET", "/certificates/enrollments/data", SESSION),
            new Sample("GET", "/.well-known/jwks.json", SESSION),
            // invoice-service
            new Sample("POST", "/sessions/online/20261124-SO-1/invoices", INVOICE),
            new Sample("GET", "/sessions/20261124-SO-1/invoices", INVOICE),
            new Sample("GET", "/sessions/20261124-SO-1/invoices/failed", INVOICE),
            new Sample("GET", "/sessions/20261124-SO-1/invoices/20261124-EE-1", INVOICE),
            new Sample("GET", "/invoices/ksef/5265877635-20261124-0100001AF629-AF", INVOICE),
            new Sample("POST", "/invoices/query/metadata", INVOICE),
            new Sample("GET", "/invoices", INVOICE),
            new Sample("GET", "/qr/invoice/5265877635/01-02-2026/aGFzaA", INVOICE),
            // upo-service
            new Sample("GET", "/sessions/20261124-SO-1/invoices/20261124-EE-1/upo", UPO),
            new Sample("GET", "/sessions/20261124-SO-1/invoices/ksef/5265877635-20261124-0100001AF629-AF/upo", UPO),
            new Sample("GET", "/sessions/20261124-SO-1/upo/20261124-EU-1", UPO));

    /** Outside /v2, forwarded unchanged. */
    static final List<Sample> ROOT = List.of(
            new Sample("GET", "/storage/upo/abc123", UPO),
            new Sample("GET", "/storage/upo/2026/11/24/abc123", UPO),
            new Sample("POST", "/api/recurring-documents/add", RECURRING),
            new Sample("GET", "/api/recurring-documents/get/42", RECURRING),
            new Sample("POST", "/api/recurring-documents/find", RECURRING),
            new Sample("GET", "/api/sale-documents", RECURRING),
            new Sample("GET", "/api/sale-documents/17", RECURRING),
            new Sample("GET", "/status", SESSION),
            new Sample("GET", "/messages", SESSION),
            new Sample("GET", "/api/online/Session/Terminate", SESSION));

    /** No service answers these paths, whatever the method. */
    static final List<Sample> NO_ROUTE = List.of(
            new Sample("GET", "/", null),
            new Sample("GET", "/v2", null),
            new Sample("GET", "/v2/", null),
            new Sample("GET", "/api/v2", null),
            new Sample("GET", "/v2/no-such-resource", null),
            new Sample("GET", "/v3/sessions", null),
            new Sample("GET", "/sessions", null),
            new Sample("GET", "/v2/storage/upo/abc", null),
            new Sample("GET", "/api/v2/api/recurring-documents/find", null),
            new Sample("GET", "/v2/sessions/online/20261124-SO-1", null),
            new Sample("GET", "/v2/sessions/20261124-SO-1/invoices/20261124-EE-1/upo/extra", null),
            new Sample("GET", "/v2/status", null),
            new Sample("GET", "/status/extra", null),
            new Sample("GET", "/admin/availability/messages", null),
            new Sample("GET", "/api/online/Session/Terminate/extra", null),
            new Sample("GET", "/api/online/Session/Status", null),
            new Sample("GET", "/v2/api/online/Session/Terminate", null));

    /** Paths some row answers, but not for this method (the table names the methods of these rows). */
    static final List<Sample> WRONG_METHOD = List.of(
            new Sample("PUT", "/v2/sessions/online", null),
            new Sample("POST", "/v2/sessions", null),
            new Sample("PUT", "/v2/sessions/20261124-SO-1", null),
            new Sample("POST", "/messages", null),
            new Sample("POST", "/api/online/Session/Terminate", null));

    private RouteSamples() {
    }
}
