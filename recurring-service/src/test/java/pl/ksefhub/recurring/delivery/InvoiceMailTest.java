package pl.ksefhub.recurring.delivery;

import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceMailTest {

    private static final String KSEF = "5265877635-20261124-0100001AF629-AF";

    @Test
    void theInvoiceGoesToEveryAddressWithACopyAndBothXmlsAttached() {
        Mail mail = InvoiceMail.compose("a@x.pl;b@x.pl;", "kopia@x.pl;", "FV/1/2026", KSEF, "2026-12-01",
                "<Faktura/>", "<UPO/>");
        assertEquals("Faktura FV/1/2026, numer KSeF " + KSEF, mail.getSubject());
        assertEquals(List.of("a@x.pl", "b@x.pl"), mail.getTo());
        assertEquals(List.of("kopia@x.pl"), mail.getCc());
        List<Attachment> attachments = mail.getAttachments();
        assertEquals(List.of("Faktura_FV_1_2026.xml", "UPO_" + KSEF + ".xml"),
                attachments.stream().map(Attachment::getName).toList());
        assertEquals("application/xml", attachments.get(0).getContentType());
        assertEquals("application/xml", attachments.get(1).getContentType());
        assertTrue(mail.getText().contains(KSEF) && mail.getText().contains("2026-12-01"));
    }

    @Test
    void withOnlyAConfirmationAddressTheCopyIsTheRecipient() {
        Mail mail = InvoiceMail.compose(null, "kopia@x.pl;", "FV/1/2026", KSEF, "2026-12-01", "<Faktura/>", "<UPO/>");
        assertEquals(List.of("kopia@x.pl"), mail.getTo());
        assertEquals(List.of(), mail.getCc());
    }

    @Test
    void invoiceNumbersBecomeSafeFileNames() {
        assertEquals("FV_12_2026_A", InvoiceMail.fileName("FV/12/2026 A"));
        assertEquals("FAS_2_08_2022", InvoiceMail.fileName("FAS 2/08/2022"));
    }
}
