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
