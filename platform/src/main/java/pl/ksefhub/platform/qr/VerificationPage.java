package pl.ksefhub.platform.qr;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;

/**
 * The page a scanned QR code opens (kody-qr.md): like the Ministry's {@code qr.ksef.mf.gov.pl}, a person with a phone
 * gets an HTML page that states each check in words, while a program that asks for {@code application/json} gets the
 * verification as data. The words are the Ministry's ("Faktura znajduje się w KSeF", "Certyfikat istnieje", ...), so
 * that a client which reads the page, as the official SDK's tests do, reads the same answer from us; a failed
 * check is worded so that it never contains the text of the passed one.
 *
 * @param title   what was verified: an invoice (KOD I) or the issuer's certificate (KOD II)
 * @param checks  each check in the order the doc lists them
 * @param details the data the link names and what we know of it, shown under the checks
 */
public record VerificationPage(String title, List<Check> checks, List<Detail> details) {

    /** One check: the sentence that is shown is {@code passed} or {@code failed}, as the check came out. */
    public record Check(boolean ok, String passed, String failed) {

        String sentence() {
            return ok ? passed : failed;
        }
    }

    /** A labelled value; a null value is left out. */
    public record Detail(String label, Object value) {
    }

    /**
     * HTML unless the client asks for JSON: a browser asks for {@code text/html}, a phone's scanner or a plain HTTP
     * client often asks for nothing or for {@code *}{@code /*}, and each of those should see the page.
     */
    public static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        String header = accept.toLowerCase(Locale.ROOT);
        return !header.contains("text/html") && (header.contains("application/json") || header.contains("+json"));
    }

    /** The page, or {@code data} as JSON when the client asked for JSON. */
    public Response respond(String accept, Object data) {
        if (wantsJson(accept)) {
            return Response.ok(data, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    public String html() {
        StringBuilder page = new StringBuilder(1024)
                .append("<!DOCTYPE html>\n<html lang=\"pl\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title></head>\n<body>\n<h1>")
                .append(escape(title)).append("</h1>\n<ul class=\"checks\">\n");
        for (Check check : checks) {
            page.append("<li class=\"").append(check.ok() ? "passed" : "failed").append("\">")
                    .append(check.ok() ? "&#10004; " : "&#10008; ").append(escape(check.sentence()))
                    .append("</li>\n");
        }
        page.append("</ul>\n<dl class=\"details\">\n");
        for (Detail detail : details) {
            if (detail.value() != null) {
                page.append("<dt>").append(escape(detail.label())).append("</dt><dd>")
                        .append(escape(String.valueOf(detail.value()))).append("</dd>\n");
            }
        }
        return page.append("</dl>\n</body></html>\n").toString();
    }

    /** The link's parts come from whoever printed the code: never let them into the page as markup. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
