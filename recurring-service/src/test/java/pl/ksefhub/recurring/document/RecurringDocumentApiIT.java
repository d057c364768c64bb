package pl.ksefhub.recurring.document;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.recurring.support.Fixtures.as;
import static pl.ksefhub.recurring.support.Fixtures.randomNip;
import static pl.ksefhub.recurring.support.Fixtures.saleDocument;

/** The recurring-documents API, example by example as seeds/004 shows it, then every refusal. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class RecurringDocumentApiIT {

    private static final String BASE = "/api/recurring-documents/";
    private static final List<String> DOCUMENT_FIELDS = List.of("id", "idSaleDocument", "intervalTimeType", "name",
            "startDate", "active", "email", "emailForConfirmation", "hourToSend");
    private static final List<String> LIST_FIELDS = List.of("id", "name", "saleDocumentName", "intervalTypeName",
            "startDate", "active", "email", "emailForConfirmation", "idSaleDocument", "hourToSend");

    private static String today() {
        return LocalDate.now(ZoneId.of("Europe/Warsaw")).toString();
    }

    private static ValidatableResponse add(String nip, Object body) {
        return as(nip).body(body).post(BASE + "add").then().statusCode(200);
    }

    private static long addTest(String nip, long saleDocumentId) {
        return add(nip, Map.of("name", "Test", "idSaleDocument", saleDocumentId)).body("success", equalTo(true))
                .extract().jsonPath().getLong("response.id");
    }

    // --- add --------------------------------------------------------------------------------------------------

    @Test
    void addWithNameAndSaleDocumentAnswersTheSeedsShapeWithDefaults() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FAS 2/08/2022");
        Map<String, Object> response = add(nip, Map.of("name", "Test", "idSaleDocument", sale))
                .body("success", equalTo(true))
                .body("response.id", notNullValue())
                .body("response.idSaleDocument", equalTo(sale))
                .body("response.intervalTimeType", equalTo("month"))
                .body("response.name", equalTo("CYKLICZNA - Test"))
                .body("response.startDate", equalTo(today()))
                .body("response.active", equalTo("true"))
                .body("response.email", nullValue())
                .body("response.emailForConfirmation", nullValue())
                .body("response.hourToSend", equalTo("10"))
                .extract().jsonPath().getMap("response");
        assertEquals(DOCUMENT_FIELDS, List.copyOf(response.keySet()));
    }

    @Test
    void addWithAnEmptyBodyIsRefusedWithBrakWymaganychWartosci() {
        String nip = randomNip();
        as(nip).body("{}").post(BASE + "add").then().statusCode(200)
                .body("success", equalTo(false))
                .body("response", equalTo("Brak wymaganych wartości"));
        as(nip).body(Map.of("name", "Test")).post(BASE + "add").then()
                .body("success", equalTo(false)).body("response", equalTo("Brak wymaganych wartości"));
        as(nip).body(Map.of("name", "  ", "idSaleDocument", 5)).post(BASE + "add").then()
                .body("success", equalTo(false)).body("response", equalTo("Brak wymaganych wartości"));
        findAll(nip).body("response.params.total", equalTo(0));
    }

    @Test
    void addTakesEveryFieldAndWritesEmailsAsTheApiShowsThem() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/7/2026");
        add(nip, Map.of("name", "Abonament", "idSaleDocument", String.valueOf(sale), "intervalTimeType", "week",
                "startDate", "2030-01-31", "active", "false", "email", "a@firma.pl, b@firma.pl",
                "emailForConfirmation", "kopia@firma.pl", "hourToSend", 8))
                .body("success", equalTo(true))
                .body("response.idSaleDocument", equalTo(sale))
                .body("response.intervalTimeType", equalTo("week"))
                .body("response.startDate", equalTo("2030-01-31"))
                .body("response.active", equalTo("false"))
                .body("response.email", equalTo("a@firma.pl;b@firma.pl;"))
                .body("response.emailForConfirmation", equalTo("kopia@firma.pl;"))
                .body("response.hourToSend", equalTo("8"));
    }

    @Test
    void everyIntervalOfTheSeedIsAcceptedAndNamedInPolishByFind() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/1/2026");
        Map<String, String> names = Map.of("week", "Tydzień", "month", "Miesiąc", "two months", "Dwa miesiące",
                "three months", "Trzy miesiące", "six months", "Sześć miesięcy", "year", "Rok");
        names.forEach((code, polish) -> {
            add(nip, Map.of("name", code, "idSaleDocument", sale, "intervalTimeType", code))
                    .body("success", equalTo(true)).body("response.intervalTimeType", equalTo(code));
            as(nip).body(Map.of("filters", List.of(Map.of("name", "intervalTimeType", "value", code))))
                    .post(BASE + "find").then().statusCode(200)
                    .body("response.params.total", equalTo(1))
                    .body("response.list[0].intervalTypeName", equalTo(polish));
        });
    }

    // --- get --------------------------------------------------------------------------------------------------

    @Test
    void getAnswersTheDocumentByGetAndByPost() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FAS 2/08/2022");
        long id = addTest(nip, sale);
        for (ValidatableResponse response : List.of(as(nip).get(BASE + "get/" + id).then(),
                as(nip).post(BASE + "get/" + id).then())) {
            response.statusCode(200)
                    .body("success", equalTo(true))
                    .body("response.id", equalTo((int) id))
                    .body("response.idSaleDocument", equalTo(sale))
                    .body("response.intervalTimeType", equalTo("month"))
                    .body("response.name", equalTo("CYKLICZNA - Test"))
                    .body("response.startDate", equalTo(today()))
                    .body("response.active", equalTo("true"))
                    .body("response.email", nullValue())
                    .body("response.emailForConfirmation", nullValue())
                    .body("response.hourToSend", equalTo("10"));
        }
    }

    // --- find -------------------------------------------------------------------------------------------------

    private static ValidatableResponse findAll(String nip) {
        return as(nip).body("{}").post(BASE + "find").then().statusCode(200);
    }

    @Test
    void findWithAnEmptyBodyListsTheContextsDocumentsNewestFirstWithTheParamsEchoed() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FAS 2/08/2022");
        long first = addTest(nip, sale);
        long second = addTest(nip, sale);
        long third = addTest(nip, sale);
        saleDocument(randomNip(), "FV/obcy"); // another context's data never shows
        Map<String, Object> params = findAll(nip)
                .body("success", equalTo(true))
                .body("response.params.total", equalTo(3))
                .body("response.params.page", equalTo(1))
                .body("response.params.size", equalTo(15))
                .body("response.params.sortField", nullValue())
                .body("response.params.sortOrder", nullValue())
                .body("response.params.text", nullValue())
                .body("response.params.filters", nullValue())
                .body("response.list.id", contains((int) third, (int) second, (int) first))
                .body("response.list[0].name", equalTo("CYKLICZNA - Test"))
                .body("response.list[0].saleDocumentName", equalTo("FAS 2/08/2022"))
                .body("response.list[0].intervalTypeName", equalTo("Miesiąc"))
                .body("response.list[0].startDate", equalTo(today()))
                .body("response.list[0].active", equalTo("true"))
                .body("response.list[0].email", nullValue())
                .body("response.list[0].emailForConfirmation", nullValue())
                .body("response.list[0].idSaleDocument", equalTo(sale))
                .body("response.list[0].hourToSend", equalTo("10"))
                .extract().jsonPath().getMap("response.params");
        assertEquals(List.of("total", "page", "size", "sortField", "sortOrder", "text", "filters"),
                List.copyOf(params.keySet()));
        Map<String, Object> item = findAll(nip).extract().jsonPath().getMap("response.list[0]");
        assertEquals(LIST_FIELDS, List.copyOf(item.keySet()));
    }

    @Test
    void findWithPageSizeTextAndAnIntervalFilterAnswersAsTheSeedShows() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FAS 2/08/2022");
        addTest(nip, sale);
        long weekly = add(nip, Map.of("id", 1, "idSaleDocument", sale, "intervalTimeType", "week", "name", "ZMIANA",
                "startDate", "2022-07-24", "active", "false", "email", "zmiana@email.pl", "hourToSend", "8"))
                .extract().jsonPath().getLong("response.id");
        as(nip).body("{\"page\":1,\"size\":10,\"text\":\"\",\"filters\":[{\"name\":\"intervalTimeType\","
                        + "\"value\":\"week\"}]}")
                .post(BASE + "find").then().statusCode(200)
                .body("success", equalTo(true))
                .body("response.params.total", equalTo(1))
                .body("response.params.page", equalTo(1))
                .body("response.params.size", equalTo(10))
                .body("response.params.sortField", nullValue())
                .body("response.params.sortOrder", nullValue())
                .body("response.params.text", equalTo(""))
                .body("response.params.filters", hasSize(1))
                .body("response.params.filters[0].name", equalTo("intervalTimeType"))
                .body("response.params.filters[0].value", equalTo("week"))
                .body("response.list", hasSize(1))
                .body("response.list[0].id", equalTo((int) weekly))
                .body("response.list[0].name", equalTo("CYKLICZNA - ZMIANA"))
                .body("response.list[0].saleDocumentName", equalTo("FAS 2/08/2022"))
                .body("response.list[0].intervalTypeName", equalTo("Tydzień"))
                .body("response.list[0].startDate", equalTo("2022-07-24"))
                .body("response.list[0].active", equalTo("false"))
                .body("response.list[0].email", equalTo("zmiana@email.pl;"))
                .body("response.list[0].emailForConfirmation", nullValue())
                .body("response.list[0].idSaleDocument", equalTo(sale))
                .body("response.list[0].hourToSend", equalTo("8"));
    }

    @Test
    void findPagesSortsAndSearchesTheDocumentAndSaleDocumentNames() {
        String nip = randomNip();
        long fv = saleDocument(nip, "FV/100/2026");
        long fas = saleDocument(nip, "FAS 2/08/2022");
        for (String name : List.of("Czynsz", "Abonament", "Serwis", "Hosting")) {
            add(nip, Map.of("name", name, "idSaleDocument", name.equals("Hosting") ? fas : fv));
        }
        as(nip).body(Map.of("page", 2, "size", 3, "sortField", "name", "sortOrder", "asc")).post(BASE + "find")
                .then().body("response.params.total", equalTo(4))
                .body("response.params.page", equalTo(2))
                .body("response.params.sortField", equalTo("name"))
                .body("response.params.sortOrder", equalTo("asc"))
                .body("response.list.name", contains("CYKLICZNA - Serwis"));
        as(nip).body(Map.of("sortField", "name", "sortOrder", "desc")).post(BASE + "find").then()
                .body("response.list.name", contains("CYKLICZNA - Serwis", "CYKLICZNA - Hosting",
                        "CYKLICZNA - Czynsz", "CYKLICZNA - Abonament"));
        as(nip).body(Map.of("text", "czyn")).post(BASE + "find").then()
                .body("response.params.total", equalTo(1)).body("response.list.name", contains("CYKLICZNA - Czynsz"));
        as(nip).body(Map.of("text", "FAS 2/08")).post(BASE + "find").then()
                .body("response.params.total", equalTo(1)).body("response.list.name", contains("CYKLICZNA - Hosting"));
        as(nip).body(Map.of("text", "100%")).post(BASE + "find").then().body("response.params.total", equalTo(0));
        as(nip).body(Map.of("filters", List.of(Map.of("name", "idSaleDocument", "value", fas),
                        Map.of("name", "active", "value", "true"))))
                .post(BASE + "find").then().body("response.params.total", equalTo(1));
    }

    @Test
    void findRefusesAnUnknownFilterSortFieldOrOrderAndABadPage() {
        String nip = randomNip();
        refused(as(nip).body(Map.of("filters", List.of(Map.of("name", "currency", "value", "EUR"))))
                .post(BASE + "find").then(), "Nieznany filtr: 'currency'");
        refused(as(nip).body(Map.of("filters", List.of(Map.of("name", "intervalTimeType", "value", "daily"))))
                .post(BASE + "find").then(), "Nieprawidłowa wartość filtra intervalTimeType: 'daily'");
        refused(as(nip).body(Map.of("sortField", "price")).post(BASE + "find").then(),
                "Nieprawidłowe pole sortowania sortField: 'price'");
        refused(as(nip).body(Map.of("sortField", "name", "sortOrder", "up")).post(BASE + "find").then(),
                "Nieprawidłowy kierunek sortowania sortOrder: 'up'");
        refused(as(nip).body(Map.of("page", 0)).post(BASE + "find").then(), "Nieprawidłowa wartość pola page: '0'");
        refused(as(nip).body(Map.of("filters", "week")).post(BASE + "find").then(),
                "Nieprawidłowa wartość pola filters");
    }

    // --- update -----------------------------------------------------------------------------------------------

    @Test
    void updateAsTheSeedShowsChangesEveryFieldAndPrefixesTheName() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FAS 2/08/2022");
        long id = addTest(nip, sale);
        Map<String, Object> response = as(nip).body("{\"id\":" + id + ", \"idSaleDocument\": " + sale
                        + ", \"intervalTimeType\":\"week\",\"name\":\"ZMIANA\",\"startDate\": \"2022-07-24\","
                        + "\"active\": \"true\", \"email\": \"zmiana@email.pl\",\"currency\":{\"code\":\"EUR\"},"
                        + " \"hourToSend\": \"8\"}")
                .post(BASE + "update").then().statusCode(200)
                .body("success", equalTo(true))
                .body("response.id", equalTo((int) id))
                .body("response.idSaleDocument", equalTo(sale))
                .body("response.intervalTimeType", equalTo("week"))
                .body("response.name", equalTo("CYKLICZNA - ZMIANA"))
                .body("response.startDate", equalTo("2022-07-24"))
                .body("response.active", equalTo("true"))
                .body("response.email", equalTo("zmiana@email.pl;"))
                .body("response.emailForConfirmation", nullValue())
                .body("response.hourToSend", equalTo("8"))
                .extract().jsonPath().getMap("response");
        assertEquals(DOCUMENT_FIELDS, List.copyOf(response.keySet()));
        as(nip).get(BASE + "get/" + id).then().body("response.name", equalTo("CYKLICZNA - ZMIANA"))
                .body("response.email", equalTo("zmiana@email.pl;"));
    }

    @Test
    void updatingWithTheNameAsReadDoesNotDoubleThePrefixAndKeepsFieldsNotSent() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/2/2026");
        long id = add(nip, Map.of("name", "Czynsz", "idSaleDocument", sale, "email", "a@firma.pl",
                "intervalTimeType", "year")).extract().jsonPath().getLong("response.id");
        as(nip).body(Map.of("id", id, "name", "CYKLICZNA - Czynsz", "hourToSend", "7")).post(BASE + "update").then()
                .body("success", equalTo(true))
                .body("response.name", equalTo("CYKLICZNA - Czynsz"))
                .body("response.email", equalTo("a@firma.pl;"))
                .body("response.intervalTimeType", equalTo("year"))
                .body("response.hourToSend", equalTo("7"));
        as(nip).body(Map.of("id", id, "active", false)).post(BASE + "update").then()
                .body("response.active", equalTo("false"));
        as(nip).body("{\"id\": " + id + ", \"email\": null}").post(BASE + "update").then()
                .body("response.email", nullValue());
    }

    @Test
    void updateWithoutAnIdIsRefusedWithBrakWymaganychWartosci() {
        String nip = randomNip();
        refused(as(nip).body(Map.of("name", "X")).post(BASE + "update").then(), "Brak wymaganych wartości");
    }

    // --- delete -----------------------------------------------------------------------------------------------

    @Test
    void deleteAnswersUsunietoDokumentByPostDeleteAndTheSeedsCurlGet() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/3/2026");
        long byPost = addTest(nip, sale);
        long byDelete = addTest(nip, sale);
        long byGet = addTest(nip, sale);
        as(nip).post(BASE + "delete/" + byPost).then().statusCode(200)
                .body("success", equalTo(true)).body("response", equalTo("Usunięto dokument"));
        as(nip).delete(BASE + "delete/" + byDelete).then().statusCode(200)
                .body("success", equalTo(true)).body("response", equalTo("Usunięto dokument"));
        as(nip).get(BASE + "delete/" + byGet).then().statusCode(200)
                .body("success", equalTo(true)).body("response", equalTo("Usunięto dokument"));
        findAll(nip).body("response.params.total", equalTo(0));
        refused(as(nip).get(BASE + "get/" + byPost).then(), "Nie znaleziono dokumentu o id " + byPost);
        refused(as(nip).post(BASE + "delete/" + byPost).then(), "Nie znaleziono dokumentu o id " + byPost);
    }

    // --- init -------------------------------------------------------------------------------------------------

    @Test
    void initAnswersTheDefaultsWithTheGivenNameAndSaleDocumentAndStoresNothing() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/4/2026");
        Map<String, Object> response = as(nip).body(Map.of("name", "Test", "idSaleDocument", sale))
                .post(BASE + "init").then().statusCode(200)
                .body("success", equalTo(true))
                .body("response", hasKey("id"))
                .body("response.id", nullValue())
                .body("response.idSaleDocument", equalTo(sale))
                .body("response.intervalTimeType", equalTo("month"))
                .body("response.name", equalTo("CYKLICZNA - Test"))
                .body("response.startDate", equalTo(today()))
                .body("response.active", equalTo("true"))
                .body("response.email", nullValue())
                .body("response.emailForConfirmation", nullValue())
                .body("response.hourToSend", equalTo("10"))
                .extract().jsonPath().getMap("response");
        assertEquals(DOCUMENT_FIELDS, List.copyOf(response.keySet()));
        findAll(nip).body("response.params.total", equalTo(0));
        as(nip).get(BASE + "init").then().statusCode(200).body("success", equalTo(true))
                .body("response.name", nullValue()).body("response.intervalTimeType", equalTo("month"))
                .body("response.startDate", equalTo(today())).body("response.hourToSend", equalTo("10"));
    }

    @Test
    void aNameTooLongIsRefused() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/9/2026");
        refused(as(nip).body(Map.of("name", "x".repeat(490), "idSaleDocument", sale)).post(BASE + "add").then(),
                "Nazwa dokumentu jest za długa (maksymalnie 500 znaków)");
        findAll(nip).body("response.params.total", equalTo(0));
    }

    // --- refusals: nothing changes ----------------------------------------------------------------------------

    private static void refused(ValidatableResponse response, String messageStart) {
        response.statusCode(200).body("success", equalTo(false)).body("response", startsWith(messageStart));
    }

    @Test
    void badValuesAreRefusedWithAClearMessageAndChangeNothing() {
        String nip = randomNip();
        long sale = saleDocument(nip, "FV/5/2026");
        long id = addTest(nip, sale);
        Map<String, String> badFields = Map.of(
                "intervalTimeType", "Nieprawidłowa wartość pola intervalTimeType: 'fortnight' (dostępne: week, month,"
                        + " two months, three months, six months, year)",
                "startDate", "Nieprawidłowa data w polu startDate: '2026-02-30' (oczekiwany format yyyy-mm-dd)",
                "hourToSend", "Nieprawidłowa godzina w polu hourToSend: '24' (oczekiwana godzina od 0 do 23)",
                "active", "Nieprawidłowa wartość pola active: 'yes' (oczekiwane true lub false)",
                "email", "Nieprawidłowy adres e-mail w polu email: 'not-an-address'",
                "idSaleDocument", "Nieprawidłowa wartość pola idSaleDocument: 'abc' (oczekiwana liczba całkowita)");
        Map<String, Object> badValues = Map.of("intervalTimeType", "fortnight", "startDate", "2026-02-30",
                "hourToSend", "24", "active", "yes", "email", "not-an-address", "idSaleDocument", "abc");
        badFields.forEach((field, message) -> {
            Map<String, Object> addBody = new java.util.HashMap<>(Map.of("name", "Zły", "idSaleDocument", sale));
            addBody.put(field, badValues.get(field));
            refused(as(nip).body(addBody).post(BASE + "add").then(), message);
            Map<String, Object> updateBody = new java.util.HashMap<>(Map.of("id", id, "name", "Zmieniona"));
            updateBody.put(field, badValues.get(field));
            refused(as(nip).body(updateBody).post(BASE + "update").then(), message);
        });
        refused(as(nip).body(Map.of("name", "X", "idSaleDocument", sale, "startDate", "24.08.2022"))
                .post(BASE + "add").then(), "Nieprawidłowa data w polu startDate: '24.08.2022'");
        refused(as(nip).body(Map.of("name", "X", "idSaleDocument", sale, "hourToSend", "10:30"))
                .post(BASE + "add").then(), "Nieprawidłowa godzina w polu hourToSend: '10:30'");
        refused(as(nip).body(Map.of("name", "Zmieniona", "idSaleDocument", sale, "intervalTimeType", "fortnight"))
                .post(BASE + "init").then(), "Nieprawidłowa wartość pola intervalTimeType: 'fortnight'");
        findAll(nip).body("response.params.total", equalTo(1));
        as(nip).get(BASE + "get/" + id).then().body("response.name", equalTo("CYKLICZNA - Test"))
                .body("response.intervalTimeType", equalTo("month"))
                .body("response.hourToSend", equalTo("10"))
                .body("response.active", equalTo("true"));
    }

    @Test
    void anUnknownOrForeignSaleDocumentIsRefusedAndChangesNothing() {
        String nip = randomNip();
        String other = randomNip();
        long sale = saleDocument(nip, "FV/6/2026");
        long foreign = saleDocument(other, "FV/OBCA/1");
        long id = addTest(nip, sale);
        refused(as(nip).body(Map.of("name", "X", "idSaleDocument", 999_999_999_999L)).post(BASE + "add").then(),
                "Nie znaleziono dokumentu sprzedaży o id 999999999999");
        refused(as(nip).body(Map.of("name", "X", "idSaleDocument", foreign)).post(BASE + "add").then(),
                "Nie znaleziono dokumentu sprzedaży o id " + foreign);
        refused(as(nip).body(Map.of("id", id, "name", "Zmieniona", "idSaleDocument", foreign))
                .post(BASE + "update").then(), "Nie znaleziono dokumentu sprzedaży o id " + foreign);
        refused(as(nip).body(Map.of("name", "X", "idSaleDocument", foreign)).post(BASE + "init").then(),
                "Nie znaleziono dokumentu sprzedaży o id " + foreign);
        findAll(nip).body("response.params.total", equalTo(1));
        as(nip).get(BASE + "get/" + id).then().body("response.name", equalTo("CYKLICZNA - Test"))
                .body("response.idSaleDocument", equalTo(sale));
    }

    @Test
    void anotherContextsDocumentBehavesAsAnUnknownId() {
        String owner = randomNip();
        String stranger = randomNip();
        long id = addTest(owner, saleDocument(owner, "FV/8/2026"));
        String notFound = "Nie znaleziono dokumentu o id " + id;
        refused(as(stranger).get(BASE + "get/" + id).then(), notFound);
        refused(as(stranger).body(Map.of("id", id, "name", "Przejęta")).post(BASE + "update").then(), notFound);
        refused(as(stranger).post(BASE + "delete/" + id).then(), notFound);
        findAll(stranger).body("response.params.total", equalTo(0));
        as(owner).get(BASE + "get/" + id).then().body("success", equalTo(true))
                .body("response.name", equalTo("CYKLICZNA - Test"));
        refused(as(owner).get(BASE + "get/4000000000000").then(), "Nie znaleziono dokumentu o id 4000000000000");
        refused(as(owner).get(BASE + "get/abc").then(), "Nie znaleziono dokumentu o id abc");
    }

    @Test
    void malformedJsonIsRefusedInTheEnvelope() {
        String nip = randomNip();
        refused(as(nip).body("{\"name\": ").post(BASE + "add").then(), "Nieprawidłowy format JSON");
        refused(as(nip).body("[1, 2]").post(BASE + "find").then(), "Nieprawidłowy format JSON");
        refused(as(nip).body(Map.of("name", List.of("a"), "idSaleDocument", 1)).post(BASE + "add").then(),
                "Nieprawidłowa wartość pola name");
    }

    // --- authentication ---------------------------------------------------------------------------------------

    @Test
    void withoutValidCredentialsTheApiAnswers401ProblemDetails() {
        given().body("{}").post(BASE + "find").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
        given().header("Authorization", "Bearer not-a-jwt").body("{}").post(BASE + "find").then().statusCode(401);
        given().auth().preemptive().basic("5265877635", "no-such-token").body("{}").post(BASE + "find").then()
                .statusCode(401);
        given().header("Authorization", "Basic !!!").get(BASE + "get/1").then().statusCode(401);
    }

    @Test
    void aTokenWithoutInvoicePermissionsAnswers403() {
        String nip = randomNip();
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "CredentialsRead"))
                .body("{}").post(BASE + "find").then().statusCode(403)
                .body("reasonCode", equalTo("missing-permissions"));
        // Reading is enough for find and get, not for changes.
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .body("{}").post(BASE + "find").then().statusCode(200).body("success", equalTo(true));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .body(Map.of("name", "X", "idSaleDocument", 1)).post(BASE + "add").then().statusCode(403);
    }
}
