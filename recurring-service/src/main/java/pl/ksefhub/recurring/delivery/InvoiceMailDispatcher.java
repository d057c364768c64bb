package pl.ksefhub.recurring.delivery;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.recurring.RecurringConfig;

/** Every {@code ksef.recurring.mail.interval}: sends up to a batch of queued e-mails, stopping at a refusal. */
@ApplicationScoped
public class InvoiceMailDispatcher {

    private static final Logger LOG = Logger.getLogger(InvoiceMailDispatcher.class);

    private final InvoiceMailSender sender;
    private final RecurringConfig config;

    public InvoiceMailDispatcher(InvoiceMailSender sender, RecurringConfig config) {
        this.sender = sender;
        this.config = config;
    }

    @Scheduled(every = "${ksef.recurring.mail.interval:5s}", delayed = "${ksef.recurring.scheduler.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sendPending() {
        return round(config.mail().batchSize())
                .onFailure().invoke(e -> LOG.warnf("Sending e-mails failed, next round retries: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> round(int left) {
        if (left == 0) {
            return Uni.createFrom().voidItem();
        }
        return sender.sendNext().chain(sent -> sent ? round(left - 1) : Uni.createFrom().voidItem());
    }
}
