package pl.ksefhub.session.submission;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionRequested;

import java.util.List;

/**
 * Reads {@code ksef.submissions}. A malformed submission fails here, before any transaction, and the channel's
 * dead-letter strategy moves it to {@code ksef.submissions.dlq} with the reason in the {@code dead-letter-reason}
 * header; the partition goes on with the next record. Any other failure (database or broker unavailable, two
 * replicas racing to open the same event session) is retried with back-off first: a valid submission must not be
 * dead-lettered because of a short outage.
 */
@ApplicationScoped
public class SubmissionConsumer {

    static final String CONSUMER = "session-service.submissions";

    private final ProcessedEvents processed;
    private final SubmissionService service;
    private final SubmissionConfig config;

    public SubmissionConsumer(ProcessedEvents processed, SubmissionService service, SubmissionConfig config) {
        this.processed = processed;
        this.service = service;
        this.config = config;
    }

    @Incoming("submissions")
    public Uni<Void> onSubmission(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            SubmissionRequested submission = validated(EventEnvelope.of(record));
            return processed.handleOnce(CONSUMER, record,
                            event -> service.assign(submission, event.id(), documentHash(record.value())))
                    .onFailure(failure -> !(failure instanceof MalformedEventException))
                    .retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(30))
                    .atMost(config.retries());
        });
    }

    static SubmissionRequested validated(EventEnvelope event) {
        if (!SubmissionEvents.REQUESTED.equals(event.type())) {
            throw new MalformedEventException("unsupported event type " + event.type());
        }
        SubmissionRequested submission = event.as(SubmissionRequested.class);
        List<String> problems = SubmissionValidation.problems(submission);
        if (!problems.isEmpty()) {
            throw new MalformedEventException("invalid submission: " + String.join("; ", problems));
        }
        return submission;
    }

    /**
     * The UPO names the document that authorised the session ({@code SkrotDokumentuUwierzytelniajacego}); for an
     * event session that is the submission which opened it, as received.
     */
    private static String documentHash(String value) {
        try {
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((value == null ? "" : value).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
