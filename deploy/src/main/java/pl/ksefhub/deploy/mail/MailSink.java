package pl.ksefhub.deploy.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The local stack's SMTP server: every message that recurring-service (or anything else) sends through it is kept
 * as an {@code .eml} file in one folder, where a mail client or a text editor opens it. Nothing is relayed on and
 * nothing stays in memory (the launcher runs for days with a small heap). A real SMTP server (GreenMail), so the
 * services' mailer talks SMTP exactly as it would to a production relay.
 *
 * <p>Files are named {@code <UTC time>-<sequence>.eml} and appear whole: each is written to a temporary name first
 * and moved into place, so a reader polling the folder never sees half a message.
 */
public final class MailSink implements AutoCloseable {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private final GreenMail greenMail;
    private final Path directory;
    private final String host;
    private final AtomicLong sequence = new AtomicLong();
    /**
     * GreenMail hands a message over once per envelope recipient; it is kept once. Weak: a message is forgotten
     * when GreenMail is done with it.
     */
    private final Set<MovingMessage> kept =
            Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    private MailSink(String host, int port, Path directory) {
        this.host = host;
        this.directory = directory;
        this.greenMail = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
    }

    /**
     * Starts an SMTP server on {@code host:port} (no authentication, no TLS) that keeps messages in
     * {@code directory}, created if missing.
     */
    public static MailSink start(String host, int port, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + directory, e);
        }
        MailSink sink = new MailSink(host, port, directory);
        sink.greenMail.getUserManager().setMessageDeliveryHandler(sink::keep);
        sink.greenMail.start();
        return sink;
    }

    public String host() {
        return host;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Where the {@code .eml} files are. */
    public Path directory() {
        return directory;
    }

    private GreenMailUser keep(MovingMessage message, MailAddress recipient) throws MessagingException {
        if (kept.add(message)) {
            write(message.getMessage());
        }
        return new DiscardingUser(recipient.getEmail());
    }

    private void write(MimeMessage message) throws MessagingException {
        String name = ZonedDateTime.now(ZoneOffset.UTC).format(FILE_TIME) + "-"
                + String.format("%06d", sequence.incrementAndGet());
        Path partial = directory.resolve("." + name + ".eml.part");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                message.writeTo(out);
            }
            Files.move(partial, directory.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The sender gets an SMTP error and retries later, as it would with any relay that cannot store.
            throw new MessagingException("Could not keep the message in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** A mailbox that takes every message and keeps none: the file written by {@link #keep} is the copy. */
    private record DiscardingUser(String email) implements GreenMailUser {

        @Override
        public String getEmail() {
            return email;
        }

        @Override
        public String getLogin() {
            return email;
        }

        @Override
        public void deliver(MovingMessage message) {
        }

        @Override
        public void deliver(MimeMessage message) {
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return email;
        }
    }

    /** For tests and tools: the names of the messages kept so far, oldest first. */
    public static List<Path> messages(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml")
                            && !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
