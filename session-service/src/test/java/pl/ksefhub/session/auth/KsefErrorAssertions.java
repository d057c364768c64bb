package pl.ksefhub.session.auth;

import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The two KSeF error bodies, checked field by field. */
final class KsefErrorAssertions {

    private KsefErrorAssertions() {
    }

    /** A 400 with the code, description and exactly these details, in the format the request asked for. */
    static void assertBadRequest(ValidatableResponse response, boolean problemDetails, int code, String description,
                                 String... details) {
        response.statusCode(400);
        if (problemDetails) {
            response.contentType(startsWith("application/problem+json"))
                    .body("title", equalTo("Bad Request"))
                    .body("status", equalTo(400))
                    .body("detail", equalTo("Żądanie jest nieprawidłowe."))
                    .body("errors", hasSize(1))
                    .body("errors[0].code", equalTo(code))
                    .body("errors[0].description", equalTo(description))
                    .body("errors[0].details", details.length == 0 ? empty() : contains((Object[]) details));
        } else {
            response.contentType(startsWith("application/json"))
                    .body("exception.exceptionDetailList", hasSize(1))
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code))
                    .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description));
            response.body("exception.exceptionDetailList[0].details",
                    details.length == 0 ? nullValue() : contains((Object[]) details));
        }
    }

    /** 401 is always problem details. */
    static void assertUnauthorized(ValidatableResponse response) {
        response.statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401))
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
    }
}
