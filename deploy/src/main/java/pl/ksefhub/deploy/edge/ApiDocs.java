package pl.ksefhub.deploy.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import pl.ksefhub.deploy.services.Service;

/**
 * What the edge answers itself, for integrators: {@code /openapi.json} (the merged document, {@link ApiDocument}),
 * {@code /swagger-ui/} (Swagger UI on it) and {@code /asyncapi.yaml} (docs/asyncapi.yaml, the event stream). None of
 * these paths is a service's: {@link EdgeRoutes} routes none of them.
 */
final class ApiDocs {

    static final String OPENAPI = "/openapi.json";
    static final String SWAGGER_UI = "/swagger-ui";
    static final String ASYNCAPI = "/asyncapi.yaml";
    /** Swagger UI's files, from smallrye-open-api-ui (the same files Quarkus' own swagger-ui serves). */
    private static final String UI_FILES = "META-INF/resources/openapi-ui/";
    private static final Set<String> UI_ASSETS = Set.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
            "swagger-ui.css", "favicon.ico", "logo.png", "oauth2-redirect.html");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpClient client;
    private final Map<Service, SocketAddress> upstreams;
    private final ApiDocument document = ApiDocument.withOfficialDocument();
    /** The merged document once every service answered: their documents change only with a new build. */
    private volatile Buffer complete;

    ApiDocs(Vertx vertx, HttpClient client, Map<Service, SocketAddress> upstreams) {
        this.vertx = vertx;
        this.client = client;
        this.upstreams = upstreams;
    }

    /** Answers the request if it is one of these documents; false: not ours, route it. */
    boolean handle(HttpServerRequest request) {
        String path = request.path();
        boolean ours = path.equals(OPENAPI) || path.equals(ASYNCAPI) || path.equals(SWAGGER_UI)
                || path.startsWith(SWAGGER_UI + "/");
        if (!ours) {
            return false;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
        } else if (path.equals(OPENAPI)) {
            openApi(request);
        } else if (path.equals(ASYNCAPI)) {
            resource(request, "asyncapi.yaml", "application/yaml; charset=utf-8");
        } else if (path.equals(SWAGGER_UI)) {
            request.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, SWAGGER_UI + "/").end();
        } else {
            swaggerUi(request, path.substring(SWAGGER_UI.length() + 1));
        }
        return true;
    }

    private void openApi(HttpServerRequest request) {
        Buffer cached = complete;
        if (cached != null) {
            send(request, cached, "application/json");
            return;
        }
        List<Future<Map.Entry<Service, JsonNode>>> fetches = new ArrayList<>();
        upstreams.forEach((service, address) -> fetches.add(fetch(service, address)));
        Future.join(fetches).onComplete(done -> {
            Map<Service, JsonNode> generated = new EnumMap<>(Service.class);
            fetches.stream().filter(Future::succeeded).map(Future::result)
                    .forEach(entry -> generated.put(entry.getKey(), entry.getValue()));
            // Merging walks the 700 kB official document: not on the event loop.
            vertx.executeBlocking(() -> Buffer.buffer(JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(document.merge(generated))), false)
                    .onSuccess(merged -> {
                        if (generated.size() == Service.values().length) {
                            complete = merged;
                        }
                        send(request, merged, "application/json");
                    })
                    .onFailure(failure -> request.response().setStatusCode(500)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .end("Could not merge the OpenAPI documents: " + failure));
        });
    }

    /** One service's generated document ({@code /q/openapi}, SmallRye OpenAPI). */
    private Future<Map.Entry<Service, JsonNode>> fetch(Service service, SocketAddress address) {
        // The address EdgeProxy forwards to.
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(address.host())
                        .setPort(address.port())
                        .setURI("/q/openapi?format=json").setTimeout(10_000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture(service + " answered " + response.statusCode()))
                .map(body -> {
                    try {
                        return Map.entry(service, JSON.readTree(body.getBytes()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static void swaggerUi(HttpServerRequest request, String file) {
        if (file.isEmpty() || file.equals("index.html")) {
            // Swagger UI on the merged document; "Try it out" calls this same edge.
            String page = """
                    <!DOCTYPE html>
                    <html lang="pl">
                    <head>
                      <meta charset="UTF-8">
                      <title>ksef-hub API</title>
                      <link rel="stylesheet" href="swagger-ui.css">
                      <link rel="icon" href="favicon.ico">
                    </head>
                    <body>
                    <div id="swagger-ui"></div>
                    <script src="swagger-ui-bundle.js"></script>
                    <script src="swagger-ui-standalone-preset.js"></script>
                    <script>
                      window.ui = SwaggerUIBundle({url: "%s", dom_id: "#swagger-ui", deepLinking: true,
                        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                        layout: "StandaloneLayout", persistAuthorization: true});
                    </script>
                    </body>
                    </html>
                    """.formatted(OPENAPI);
            send(request, Buffer.buffer(page), "text/html; charset=utf-8");
        } else if (UI_ASSETS.contains(file)) {
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css"
                    : file.endsWith(".png") ? "image/png" : file.endsWith(".ico") ? "image/x-icon" : "text/html";
            resource(request, UI_FILES + file, type);
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private static void resource(HttpServerRequest request, String name, String contentType) {
        ClassLoader loader = ApiDocs.class.getClassLoader();
        String location = name.startsWith("META-INF/") ? name
                : ApiDocs.class.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = loader.getResourceAsStream(location)) {
            if (in == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            send(request, Buffer.buffer(in.readAllBytes()), contentType);
        } catch (IOException e) {
            request.response().setStatusCode(500).end();
        }
    }

    private static void send(HttpServerRequest request, Buffer body, String contentType) {
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (request.method() == HttpMethod.HEAD) {
            request.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            request.response().end(body);
        }
    }
}
