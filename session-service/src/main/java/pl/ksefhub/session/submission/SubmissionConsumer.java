package pl.ksefhub.session.submission;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventHandler;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionRequested;

import java.util.List;

/**
 * Reads {@code ksef.submissions} the platform's one way ({@link EventConsumer}): a malformed submission goes to
 * {@code ksef.submissions.dlq} with the reason in the {@code dead-letter-reason} header and the partition goes on
 * with the next record; any other failure (database or broker unavailable, two replicas racing to open the same
 * event session) is retried with back-off for as long as it lasts: a valid submission is never dead-lettered.
 */
@ApplicationScoped
public class SubmissionConsumer implements EventHandler<SubmissionConsumer.Submission> {

    static final String CONSUMER = "session-service.submissions";

    private final EventConsumer consumer;
    private final SubmissionService service;

    public SubmissionConsumer(EventConsumer consumer, SubmissionService service) {
        this.consumer = consumer;
        this.service = service;
    }

    /** A valid submission, its event id and the hash of the record as received. */
    record Submission(SubmissionRequested requested, String eventId, String documentHash) {
    }

    @Incoming("submissions")
    public Uni<Void> onSubmission(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this);
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public Submission read(EventEnvelope event) {
        return new Submission(validated(event), event.id(), documentHash(event.value()));
    }

    @Override
    public Uni<Void> apply(Submission submission) {
        return service.assign(submission.requested(), submission.eventId(), submission.documentHash())
                .replaceWithVoid();
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
