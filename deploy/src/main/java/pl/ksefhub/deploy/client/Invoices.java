package pl.ksefhub.deploy.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

/** FA (3) invoices made from the official sample template (java-invoice-template_v3.xml of the Java SDK). */
public final class Invoices {

    private static final String TEMPLATE = load("/invoices/fa3-template.xml");

    private Invoices() {
    }

    /** A valid FA (3) invoice of this seller, issued today, with the given number. */
    public static byte[] fa3(String sellerNip, String invoiceNumber) {
        return TEMPLATE.replace("#nip#", sellerNip)
                .replace("#invoicing_date#", LocalDate.now(ZoneId.of("Europe/Warsaw")).toString())
                .replace("FA/GRQMB-#invoice_number#/05/2025", invoiceNumber)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A valid FA (3) invoice made about {@code extraBytes} larger by more invoice lines of random (hardly
     * compressible) names: for packages of a given size. The schema does not check the totals against the lines.
     */
    public static byte[] fa3WithExtraLines(String sellerNip, String invoiceNumber, int extraBytes,
                                           java.util.Random random) {
        String xml = new String(fa3(sellerNip, invoiceNumber), StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        byte[] name = new byte[300];
        for (int line = 5; lines.length() < extraBytes; line++) {
            random.nextBytes(name);
            lines.append("<FaWiersz><NrWierszaFa>").append(line).append("</NrWierszaFa><P_7>")
                    .append(java.util.Base64.getEncoder().encodeToString(name))
                    .append("</P_7><P_8A>szt.</P_8A><P_8B>1</P_8B><P_9A>1.00</P_9A><P_11>1.00</P_11>")
                    .append("<P_12>23</P_12></FaWiersz>");
        }
        int at = xml.lastIndexOf("</FaWiersz>") + "</FaWiersz>".length();
        return (xml.substring(0, at) + lines + xml.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    /** Well-formed XML that breaks the schema: the mandatory P_2 (invoice number) is gone. */
    public static byte[] fa3WithoutInvoiceNumber(String sellerNip) {
        return new String(fa3(sellerNip, "X"), StandardCharsets.UTF_8).replace("<P_2>X</P_2>", "")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String load(String resource) {
        try (InputStream in = Invoices.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
