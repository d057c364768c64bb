package pl.ksefhub.recurring.delivery;

import io.quarkus.mailer.Mail;
import pl.ksefhub.recurring.document.EmailAddresses;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The e-mail of an issued recurring invoice: to the document's {@code email} addresses, a copy to
 * {@code emailForConfirmation}, the invoice XML and its UPO attached, the invoice number and the KSeF number in the
 * subject.
 */
public final class InvoiceMail {

    private static final String XML = "application/xml";

    private InvoiceMail() {
    }

    public static String subject(String invoiceNumber, String ksefNumber) {
        return "Faktura %s, numer KSeF %s".formatted(invoiceNumber, ksefNumber);
    }

    /**
     * @param invoiceXml the accepted invoice's exact XML (null when the event did not carry it: then only the UPO)
     */
    public static Mail compose(String email, String emailForConfirmation, String invoiceNumber, String ksefNumber,
                               String issueDate, String invoiceXml, String upoXml) {
        List<String> to = EmailAddresses.parse(email);
        List<String> copy = EmailAddresses.parse(emailForConfirmation);
        Mail mail = new Mail()
                .setSubject(subject(invoiceNumber, ksefNumber))
                .setText("""
                        Dzień dobry,

                        w załączniku przesyłamy fakturę cykliczną %s z dnia %s, przyjętą w KSeF pod numerem %s,
                        wraz z Urzędowym Poświadczeniem Odbioru (UPO).

                        Wiadomość wysłana automatycznie przez ksef-hub.
                        """.formatted(invoiceNumber, issueDate, ksefNumber));
        if (to.isEmpty()) {
            mail.setTo(copy);
        } else {
            mail.setTo(to);
            mail.setCc(copy);
        }
        if (invoiceXml != null) {
            mail.addAttachment("Faktura_" + fileName(invoiceNumber) + ".xml",
                    invoiceXml.getBytes(StandardCharsets.UTF_8), XML);
        }
        mail.addAttachment("UPO_" + fileName(ksefNumber) + ".xml", upoXml.getBytes(StandardCharsets.UTF_8), XML);
        return mail;
    }

    /** Invoice numbers hold slashes and spaces ("FV/1/2026"): not in file names. */
    static String fileName(String value) {
        return value == null ? "dokument" : value.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
