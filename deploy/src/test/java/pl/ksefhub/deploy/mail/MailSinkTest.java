package pl.ksefhub.deploy.mail;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.StackOptions;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's mail sink over real SMTP: what a client sends is an .eml file, once, however many recipients. */
class MailSinkTest {

    @TempDir
    Path dir;

    @Test
    void aMessageSentOverSmtpIsKeptOnceAsAnEmlFile() throws Exception {
        Path mail = dir.resolve("mail");
        try (MailSink sink = MailSink.start("127.0.0.1", Ports.free(), mail)) {
            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", sink.host());
            smtp.put("mail.smtp.port", Integer.toString(sink.port()));
            Session session = Session.getInstance(smtp);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("noreply@ksef-hub.local"));
            message.setRecipients(Message.RecipientType.TO, "a@example.com, b@example.com");
            message.setSubject("Faktura FV/1/2026");
            message.setText("Treść");
            Transport.send(message);

            List<Path> kept = MailSink.messages(mail);
            assertEquals(1, kept.size(), kept.toString());
            assertTrue(kept.get(0).getFileName().toString().endsWith(".eml"));
            try (InputStream in = Files.newInputStream(kept.get(0))) {
                MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), in);
                assertEquals("Faktura FV/1/2026", read.getSubject());
                assertEquals(2, read.getAllRecipients().length);
                assertEquals("Treść", read.getContent().toString().trim());
            }
        }
    }

    @Test
    void noSinkWhenTheMailerPointsElsewhereOrRecurringServiceDoesNotRun() {
        assertTrue(StackOptions.builder(dir).build().mailSink());
        assertFalse(StackOptions.builder(dir).serviceEnvironment("QUARKUS_MAILER_HOST", "smtp.example.com").build()
                .mailSink());
        assertFalse(StackOptions.builder(dir).fromEnvironment(Map.of("QUARKUS_MAILER_PORT", "587"))
                .build().mailSink());
        assertTrue(StackOptions.builder(dir).fromEnvironment(Map.of("QUARKUS_MAILER_FROM", "x@example.com"))
                .build().mailSink(), "a sender address alone says nothing about where mail goes");
        assertFalse(StackOptions.builder(dir).onlyInfra().build().mailSink());
    }
}
