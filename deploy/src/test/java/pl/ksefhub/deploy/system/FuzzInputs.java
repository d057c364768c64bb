package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pl.ksefhub.deploy.system.FuzzOperations.Operation;
import pl.ksefhub.deploy.system.FuzzOperations.Param;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The bad requests made of one operation: its plausible request with one thing wrong at a time (a body of the wrong
 * shape or type, huge, deeply nested, truncated, not UTF-8, under a wrong content type; absurd path and query
 * values; XML bombs and external entities where XML is read). Deterministic for a given {@link Random}.
 */
final class FuzzInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One request: {@code chunked} sends the body without a Content-Length. */
    record FuzzRequest(String operation, String kind, String method, String path, String contentType, byte[] body, boolean chunked) {
    }

    /** {@code xxeUrl}: an address that the service must never fetch (an external entity's or DTD's). */
    private final String xxeUrl;
    private final boolean big;

    FuzzInputs(String xxeUrl, boolean big) {
        this.xxeUrl = xxeUrl;
        this.big = big;
    }

    List<FuzzRequest> of(Operation op, Random random) {
        List<FuzzRequest> out = new ArrayList<>();
        String path = op.path(null, null);
        String query = plausibleQuery(op.queryParams(), null, null);
        String url = path + query;
        boolean readsBody = !op.method().equals("GET") && !op.method().equals("DELETE");

        out.add(new FuzzRequest(op.name(), "plausible", op.method(), url, op.body() == null ? null : "application/json",
                op.body() == null ? null : bytes(op.body()), false));
        for (String param : op.pathParams()) {
            for (String value : absurdPathValues(random)) {
                out.add(new FuzzRequest(op.name(), "path:" + param, op.method(), op.path(param, value) + query,
                        contentType(op), body(op), false));
            }
        }
        for (Param param : op.queryParams()) {
            for (String value : absurdQueryValues(random)) {
                out.add(new FuzzRequest(op.name(), "query:" + param.name(), op.method(),
                        path + plausibleQuery(op.queryParams(), param.name(), value), contentType(op), body(op),
                        false));
            }
        }
        out.add(new FuzzRequest(op.name(), "query:unknown", op.method(), url + (query.isEmpty() ? "?" : "&")
                + "zzz=" + "9".repeat(400) + "&pageSize=1&pageSize=-5&pageOffset=%00", contentType(op), body(op),
                false));
        if (readsBody || op.body() != null) {
            jsonBodies(op, random, json -> out.add(new FuzzRequest(op.name(), "json", op.method(), url, "application/json",
                    json, false)));
            rawBodies(op, url, out);
        }
        if (op.xml() != null) {
            for (String xml : xmlBodies(op.xml())) {
                out.add(new FuzzRequest(op.name(), "xml", op.method(), url, "application/xml",
                        xml.getBytes(StandardCharsets.UTF_8), false));
            }
            out.add(new FuzzRequest(op.name(), "xml:latin2", op.method(), url, "application/xml",
                    new byte[]{'<', 'a', '>', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', '/', 'a', '>'}, false));
        }
        return out;
    }

    /** Larger than every service's request body limit (5-10 MB), with a Content-Length and chunked. */
    List<FuzzRequest> oversized(Operation op) {
        byte[] huge = new byte[12 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'A');
        huge[0] = '"';
        huge[huge.length - 1] = '"';
        String type = op.xml() != null && op.body() == null ? "application/xml" : "application/json";
        String url = op.path(null, null) + plausibleQuery(op.queryParams(), null, null);
        return List.of(new FuzzRequest(op.name(), "oversized", op.method(), url, type, huge, false),
                new FuzzRequest(op.name(), "oversized:chunked", op.method(), url, type, huge, true));
    }

    private static String contentType(Operation op) {
        return op.body() == null ? null : "application/json";
    }

    private static byte[] body(Operation op) {
        return op.body() == null ? null : bytes(op.body());
    }

    private String plausibleQuery(List<Param> params, String overridden, String value) {
        StringBuilder query = new StringBuilder();
        for (Param param : params) {
            String v = param.name().equals(overridden) ? value : param.required() ? param.plausible() : null;
            if (v != null) {
                query.append(query.length() == 0 ? "?" : "&").append(param.name()).append('=').append(v);
            }
        }
        return query.toString();
    }

    /** Already percent-encoded where the raw character could not be sent. */
    private List<String> absurdPathValues(Random random) {
        List<String> values = new ArrayList<>(List.of("", "%20", "-1", "0", "99999999999999999999999999999",
                "%00", "%ff%fe%fd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%27%20OR%20%271%27%3D%271",
                "%F0%9F%92%A9", "%0d%0aX-Injected:%201", "20250101-SO-0123456789-0123456789-0G",
                "5265877635-20250101-0123456789AB-ZZ", encode("${jndi:ldap://127.0.0.1/x}"),
                "a".repeat(big ? 60_000 : 4_000), randomSegment(random)));
        return values;
    }

    private List<String> absurdQueryValues(Random random) {
        return List.of("", "abc", "-1", "-2147483649", "99999999999999999999999999", "1e400", "NaN", "%00",
                "%ff", "x".repeat(big ? 60_000 : 4_000), "2025-13-45T99:99:99Z", encode("'; DROP TABLE session;--"),
                randomSegment(random));
    }

    private static String randomSegment(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void jsonBodies(Operation op, Random random, Consumer<byte[]> out) {
        JsonNode template = op.body() == null ? NODES.objectNode() : op.body();
        List<String> fields = new ArrayList<>();
        collectFields(template, "", fields);
        List<JsonNode> wrongValues = wrongValues(random);
        for (String field : fields) {
            out.accept(bytes(removed(template, field)));
            List<JsonNode> values = new ArrayList<>(wrongValues);
            if (!big) {
                // The short run: four of the wrong values per field, a different four for each field.
                Collections.shuffle(values, random);
                values = values.subList(0, 4);
            }
            for (JsonNode wrong : values) {
                out.accept(bytes(replaced(template, field, wrong)));
            }
        }
        ObjectNode extra = template.isObject() ? template.deepCopy() : NODES.objectNode();
        extra.put("unexpectedField", "x").putObject("@class").put("java.lang.Runtime", "exec");
        out.accept(bytes(extra));
        for (String literal : List.of("", "null", "[]", "\"text\"", "42", "true", "{", "}", "{\"a\":", "[1,2,",
                "{\"a\":1,\"a\":2}", "{'single':'quotes'}", "{a:1}", "{\"a\":01}", "{\"a\":NaN}",
                "{\"a\":1e99999}", "{\"a\":-99999999999999999999999999999999999999}", "{\"a\":\"\\ud800\"}",
                "/* comment */ {}", "{\"a\":1} trailing", "\uFEFF{}")) {
            out.accept(literal.getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes(template);
        for (int cut : new int[]{1, whole.length / 2, whole.length - 1}) {
            if (cut > 0 && cut < whole.length) {
                out.accept(Arrays.copyOf(whole, cut));
            }
        }
        int depth = big ? 200_000 : 20_000;
        out.accept(("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII));
        out.accept(("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.US_ASCII));
        out.accept(("{\"a\":\"" + "\\u0041".repeat(big ? 500_000 : 50_000) + "\"}")
                .getBytes(StandardCharsets.US_ASCII));
        out.accept(("{\"n\":" + "9".repeat(big ? 1_000_000 : 100_000) + "}").getBytes(StandardCharsets.US_ASCII));
        out.accept(("{\"n\":0." + "1".repeat(big ? 1_000_000 : 100_000) + "e-99999}")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder manyKeys = new StringBuilder("{");
        for (int i = 0; i < (big ? 200_000 : 20_000); i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        out.accept(manyKeys.append('}').toString().getBytes(StandardCharsets.US_ASCII));
        byte[] nonUtf8 = bytes(template).clone();
        byte[] withBadBytes = new byte[nonUtf8.length + 4];
        System.arraycopy(nonUtf8, 0, withBadBytes, 0, nonUtf8.length);
        if (nonUtf8.length > 2) {
            // Inside the first string value when there is one: {"x":"\xC3\x28\xFF\xFE..."}
            int quote = new String(nonUtf8, StandardCharsets.ISO_8859_1).indexOf(":\"");
            int at = quote < 0 ? 1 : quote + 2;
            System.arraycopy(nonUtf8, at, withBadBytes, at + 4, nonUtf8.length - at);
            withBadBytes[at] = (byte) 0xC3;
            withBadBytes[at + 1] = 0x28;
            withBadBytes[at + 2] = (byte) 0xFF;
            withBadBytes[at + 3] = (byte) 0xFE;
        }
        out.accept(withBadBytes);
        out.accept(new String(bytes(template), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
    }

    private void rawBodies(Operation op, String url, List<FuzzRequest> out) {
        byte[] body = op.body() == null ? "{}".getBytes(StandardCharsets.UTF_8) : bytes(op.body());
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=zzz", "application/json; charset=ISO-8859-2",
                "application/json; charset=nonsense", "*/*", "application/octet-stream", "garbage")) {
            out.add(new FuzzRequest(op.name(), "content-type:" + type, op.method(), url, type, body, false));
        }
        out.add(new FuzzRequest(op.name(), "content-type:none", op.method(), url, null, body, false));
        out.add(new FuzzRequest(op.name(), "xml-as-json", op.method(), url, "application/json",
                billionLaughs().getBytes(StandardCharsets.UTF_8), false));
        out.add(new FuzzRequest(op.name(), "xxe-as-xml", op.method(), url, "application/xml",
                externalEntity().getBytes(StandardCharsets.UTF_8), false));
    }

    private List<JsonNode> wrongValues(Random random) {
        ArrayNode nested = NODES.arrayNode();
        nested.addArray().addArray().addObject().put("x", 1);
        byte[] noise = new byte[48];
        random.nextBytes(noise);
        return List.of(NODES.nullNode(), NODES.numberNode(-1), NODES.numberNode(1e308),
                NODES.numberNode(new java.math.BigInteger("9".repeat(60))), NODES.numberNode(0.5),
                NODES.booleanNode(false), NODES.textNode(""), NODES.textNode("!!!not base64###"),
                NODES.textNode("===="), NODES.textNode("\u0000\u202E\uFFFF"),
                NODES.textNode("x".repeat(big ? 2_000_000 : 200_000)),
                NODES.textNode(new String(noise, StandardCharsets.ISO_8859_1)), NODES.textNode("9999-99-99"),
                NODES.objectNode(), NODES.arrayNode(), nested);
    }

    /** JSON pointers of the template's fields, the nested ones too (at most 12, first the top level). */
    private static void collectFields(JsonNode node, String pointer, List<String> out) {
        if (out.size() >= 12) {
            return;
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (out.size() < 12) {
                    out.add(pointer + "/" + name);
                }
            });
            node.fields().forEachRemaining(f -> collectFields(f.getValue(), pointer + "/" + f.getKey(), out));
        } else if (node.isArray() && !node.isEmpty()) {
            out.add(pointer + "/0");
            collectFields(node.get(0), pointer + "/0", out);
        }
    }

    private static JsonNode removed(JsonNode template, String pointer) {
        JsonNode copy = template.deepCopy();
        JsonNode parent = copy.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode object) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        }
        return copy;
    }

    private static JsonNode replaced(JsonNode template, String pointer, JsonNode value) {
        JsonNode copy = template.deepCopy();
        JsonNode parent = copy.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
        return copy;
    }

    /** XML that a parser must refuse without expanding, fetching or falling over. */
    List<String> xmlBodies(String plausible) {
        String deep = "<a>".repeat(big ? 500_000 : 50_000) + "</a>".repeat(big ? 500_000 : 50_000);
        StringBuilder quadratic = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE q [<!ENTITY e \"")
                .append("x".repeat(50_000)).append("\">]><q>");
        quadratic.append("&e;".repeat(big ? 50_000 : 5_000)).append("</q>");
        return List.of(plausible, billionLaughs(), quadratic.toString(), externalEntity(),
                "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"" + xxeUrl + "/dtd\"><d/>",
                "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY % r SYSTEM \"" + xxeUrl + "/param\"> %r;]><p/>",
                "<?xml version=\"1.0\"?><root xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                        + "<xi:include href=\"" + xxeUrl + "/xinclude\" parse=\"text\"/></root>",
                "<?xml version=\"1.0\"?><?xml-stylesheet href=\"" + xxeUrl + "/xsl\"?><r/>",
                plausible.substring(0, plausible.length() / 2), deep, "not xml at all", "",
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", "<a attr=\"" + "v".repeat(1_000_000) + "\"/>",
                plausible.replace("<Challenge>", "<Challenge>" + "&lt;".repeat(10_000)));
    }

    private static String billionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String previous = "lol";
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&" + previous + ";").repeat(10))
                    .append("\">");
            previous = "lol" + i;
        }
        return xml.append("]><lolz>&lol9;</lolz>").toString();
    }

    private String externalEntity() {
        return "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY file SYSTEM \"file:///etc/passwd\">"
                + "<!ENTITY web SYSTEM \"" + xxeUrl + "/entity\">]><x>&file;&web;</x>";
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
