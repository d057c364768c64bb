package pl.ksefhub.platform.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Moves one record to {@code <its topic>.dlq} with the reason, for consumers that take records in batches (where
 * the connector's own dead-letter strategy would move the whole batch). The record keeps its key, value and headers
 * and gets the connector's {@code dead-letter-*} headers, so both kinds look the same to an operator. Needs the
 * outgoing channel {@code dead-letters} (smallrye-kafka, string serializers); the topic is set per record.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has the record. */
    public Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason.getMessage());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_REASON, String.valueOf(reason.getMessage()));
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME, reason.getClass().getName());
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, record.topic());
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        add(headers, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        Message<String> message = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + ".dlq")
                .withKey(record.key())
                .withHeaders(headers)
                .build());
        return emitter.sendMessage(message);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
