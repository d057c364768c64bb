package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import pl.ksefhub.deploy.services.Service;

/** Each row of "Who answers what" in docs/EVENTS.md, under /v2 and under /api/v2. */
class EdgeRoutesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // session-service
            "POST,   /auth/challenge,                                  SESSION",
            "GET,    /auth/20261124-AU-1,                              SESSION",
            "POST,   /auth/token/redeem,                               SESSION",
            "POST,   /tokens,                                          SESSION",
            "DELETE, /tokens/20261124-EC-1,                            SESSION",
            "GET,    /security/public-key-certificates,                SESSION",
            "POST,   /sessions/online,                                 SESSION",
            "POST,   /sessions/online/20261124-SO-1/close,             SESSION",
            "POST,   /sessions/batch,                                  SESSION",
            "POST,   /sessions/batch/20261124-SB-1/close,              SESSION",
            "GET,    /sessions,                                        SESSION",
            "GET,    /sessions/20261124-SO-1,                          SESSION",
            "DELETE, /sessions/20261124-SO-1,                          SESSION",
            "GET,    /rate-limits,                                     SESSION",
            "GET,    /limits/context,                                  SESSION",
            "POST,   /testdata/subject,                                SESSION",
            "GET,    /.well-known/jwks.json,                           SESSION",
            // invoice-service
            "POST,   /sessions/online/20261124-SO-1/invoices,          INVOICE",
            "GET,    /sessions/20261124-SO-1/invoices,                 INVOICE",
            "GET,    /sessions/20261124-SO-1/invoices/failed,          INVOICE",
            "GET,    /sessions/20261124-SO-1/invoices/20261124-EE-1,   INVOICE",
            "GET,    /invoices/ksef/5265877635-20261124-0100001AF629-AF, INVOICE",
            "POST,   /invoices/query/metadata,                         INVOICE",
            // upo-service
            "GET,    /sessions/20261124-SO-1/invoices/20261124-EE-1/upo, UPO",
            "GET,    /sessions/20261124-SO-1/invoices/ksef/5265877635-20261124-0100001AF629-AF/upo, UPO",
            "GET,    /sessions/20261124-SO-1/upo/20261124-EU-1,        UPO",
    })
    void routesEveryApiRowUnderV2AndApiV2(String method, String path, Service service) {
        assertEquals(Optional.of(new EdgeRoutes.Target(service, "/v2" + path)),
                EdgeRoutes.resolve(method, "/v2" + path));
        assertEquals(Optional.of(new EdgeRoutes.Target(service, "/v2" + path)),
                EdgeRoutes.resolve(method, "/api/v2" + path), "/api/v2 is forwarded as /v2");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,  /storage/upo/abc123?sig=x,                     UPO",
            "GET,  /storage/upo/2026/11/24/abc123,                UPO",
            "POST, /api/recurring-documents/add,                  RECURRING",
            "GET,  /api/recurring-documents/get/42,               RECURRING",
            "POST, /api/recurring-documents/find,                 RECURRING",
            "GET,  /api/sale-documents,                           RECURRING",
            "GET,  /api/sale-documents/17,                        RECURRING",
    })
    void routesThePathsOutsideV2Unchanged(String method, String path, Service service) {
        String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        assertEquals(Optional.of(new EdgeRoutes.Target(service, withoutQuery)),
                EdgeRoutes.resolve(method, withoutQuery));
    }

    @ParameterizedTest(name = "{0} {1} has no route")
    @CsvSource({
            "GET,    /",
            "GET,    /v2",
            "GET,    /v2/",
            "GET,    /api/v2",
            "GET,    /v2/permissions/query",
            "GET,    /v3/sessions",
            "GET,    /sessions",
            "GET,    /v2/storage/upo/abc",
            "GET,    /api/v2/api/recurring-documents/find",
            "GET,    /v2/sessions/online/20261124-SO-1",
            // method-specific rows
            "PUT,    /v2/sessions/online",
            "POST,   /v2/sessions",
            "PUT,    /v2/sessions/20261124-SO-1",
            // a dot segment could make a service see another path than the one routed
            "GET,    /v2/auth/../invoices/x",
            "GET,    /v2/auth/%2e%2e/invoices/x",
            "GET,    /storage/upo/./x",
    })
    void answersNothingElse(String method, String path) {
        assertEquals(Optional.empty(), EdgeRoutes.resolve(method, path));
    }

    @ParameterizedTest
    @CsvSource({"/v2/auth", "/v2/invoices", "/v2/limits", "/storage/upo", "/api/sale-documents"})
    void aDoubleStarRowIncludesItsOwnPrefix(String path) {
        assertTrue(EdgeRoutes.resolve("GET", path).isPresent());
    }
}
