package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Each row of "Who answers what" in docs/EVENTS.md (samples in {@link RouteSamples}). */
class EdgeRoutesTest {

    static final List<RouteSamples.Sample> API = RouteSamples.API;
    static final List<RouteSamples.Sample> ROOT = RouteSamples.ROOT;
    static final List<RouteSamples.Sample> NO_ROUTE = RouteSamples.NO_ROUTE;
    static final List<RouteSamples.Sample> WRONG_METHOD = RouteSamples.WRONG_METHOD;

    @ParameterizedTest(name = "{0}")
    @FieldSource("API")
    void routesEveryApiRowUnderV2(RouteSamples.Sample sample) {
        assertEquals(Optional.of(new EdgeRoutes.Target(sample.service(), "/v2" + sample.path())),
                EdgeRoutes.resolve(sample.method(), "/v2" + sample.path()));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("API")
    void forwardsApiV2AsV2NamingThePrefix(RouteSamples.Sample sample) {
        assertEquals(Optional.of(new EdgeRoutes.Target(sample.service(), "/v2" + sample.path(), "/api")),
                EdgeRoutes.resolve(sample.method(), "/api/v2" + sample.path()));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ROOT")
    void routesThePathsOutsideV2Unchanged(RouteSamples.Sample sample) {
        assertEquals(Optional.of(new EdgeRoutes.Target(sample.service(), sample.path())),
                EdgeRoutes.resolve(sample.method(), sample.path()));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource({"NO_ROUTE", "WRONG_METHOD"})
    void answersNothingElse(RouteSamples.Sample sample) {
        assertEquals(Optional.empty(), EdgeRoutes.resolve(sample.method(), sample.path()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/v2/auth/../invoices/x", "/v2/auth/%2e%2e/invoices/x", "/storage/upo/./x", "/v2/auth/%2E./x"})
    void refusesDotSegmentsThatCouldMakeAServiceSeeAnotherPath(String path) {
        assertEquals(Optional.empty(), EdgeRoutes.resolve("GET", path));
    }

    @ParameterizedTest
    @CsvSource({"/v2/auth", "/v2/invoices", "/v2/limits", "/storage/upo", "/api/sale-documents"})
    void aDoubleStarRowIncludesItsOwnPrefix(String path) {
        assertTrue(EdgeRoutes.resolve("GET", path).isPresent());
    }
}
