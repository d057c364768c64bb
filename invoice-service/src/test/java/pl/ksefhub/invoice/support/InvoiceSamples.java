package pl.ksefhub.invoice.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** The official sample invoices (copied from the Ministry's Java SDK) with their placeholders filled. */
public final class InvoiceSamples {

    private InvoiceSamples() {
    }

    public static String fa3(String sellerNip, String invoiceNumber) {
        return fill("invoices/fa3-template.xml", sellerNip, invoiceNumber);
    }

    /** The FA (3) sample with a one-block attachment ({@code Zalacznik}) after its last element. */
    public static String fa3WithAttachment(String sellerNip, String invoiceNumber) {
        String xml = fa3(sellerNip, invoiceNumber);
        int end = xml.lastIndexOf("</Faktura>");
        return xml.substring(0, end) + "<Zalacznik><BlokDanych><MetaDane><ZKlucz>Umowa</ZKlucz>"
                + "<ZWartosc>1/2026</ZWartosc></MetaDane><Tekst><Akapit>Warunki dostawy</Akapit></Tekst>"
                + "</BlokDanych></Zalacznik>" + xml.substring(end);
    }

    /** The sample's buyer NIP, its name, amounts and currency as the metadata shows them. */
    public static final String SAMPLE_BUYER_NIP = "3861610227";

    /**
     * The FA (3) sample with the buyer identified by the given {@code DaneIdentyfikacyjne} content instead of its
     * NIP (e.g. {@code <KodUE>DE</KodUE><NrVatUE>123456789</NrVatUE>}, {@code <BrakID>1</BrakID>}), followed by
     * the given {@code Podmiot3} elements.
     */
    public static String fa3WithParties(String sellerNip, String invoiceNumber, String buyerIdentification,
                                        String... thirdSubjects) {
        String xml = fa3(sellerNip, invoiceNumber)
                .replace("<NIP>" + SAMPLE_BUYER_NIP + "</NIP>", buyerIdentification);
        int fa = xml.indexOf("<Fa>");
        return xml.substring(0, fa) + String.join("", thirdSubjects) + xml.substring(fa);
    }

    /** A {@code Podmiot3} with the given identification (e.g. {@code <NIP>…</NIP>}) and {@code Rola}. */
    public static String thirdSubject(String identification, String name, int role) {
        return "<Podmiot3><DaneIdentyfikacyjne>" + identification + "<Nazwa>" + name + "</Nazwa>"
                + "</DaneIdentyfikacyjne><Rola>" + role + "</Rola></Podmiot3>";
    }

    public static String fa2(String sellerNip, String invoiceNumber) {
        return fill("invoices/fa2-template.xml", sellerNip, invoiceNumber);
    }

    /**
     * A VAT RR invoice (FA_RR (1) 1-1E), shaped like the Ministry SDK's {@code invoice-template-fa-rr-1.xml}:
     * Podmiot1 the farmer (seller, "dostawca"), Podmiot2 the buyer who issues it.
     */
    public static String faRr(String sellerNip, String buyerNip, String invoiceNumber) {
        return fill("invoices/fa-rr-template.xml", sellerNip, invoiceNumber).replace("#buyer_nip#", buyerNip);
    }

    /** A PEF (3) invoice: a Peppol BIS 3 UBL Invoice, seller and buyer named by their PL VAT numbers. */
    public static String pef(String sellerNip, String buyerNip, String invoiceNumber) {
        return fill("invoices/pef-template.xml", sellerNip, invoiceNumber).replace("#buyer_nip#", buyerNip);
    }

    public static String uniqueNumber() {
        return UUID.randomUUID().toString().substring(0, 13).toUpperCase();
    }

    private static String fill(String resource, String sellerNip, String invoiceNumber) {
        try (InputStream in = InvoiceSamples.class.getClassLoader().getResourceAsStream(resource)) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return template.replace("#nip#", sellerNip)
                    .replace("#invoice_number#", invoiceNumber)
                    .replace("#invoicing_date#", LocalDate.now(ZoneId.of("Europe/Warsaw")).toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
