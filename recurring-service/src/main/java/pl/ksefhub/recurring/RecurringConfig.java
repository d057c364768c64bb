package pl.ksefhub.recurring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;

/** recurring-service: when recurring documents are due, and how their invoices are e-mailed. */
@ConfigMapping(prefix = "ksef.recurring")
public interface RecurringConfig {

    /** The time zone of start dates and hours to send (the contexts are Polish taxpayers). */
    @WithDefault("Europe/Warsaw")
    ZoneId zone();

    Scheduler scheduler();

    Mail mail();

    /** The scheduler that issues due occurrences. */
    interface Scheduler {

        /** How often due documents are looked for: the worst delay of an occurrence after its hour. */
        @WithDefault("30s")
        Duration interval();

        /** How long after start the first tick (and the first e-mail round) waits. */
        @WithDefault("5s")
        Duration delay();

        /** Documents issued per tick, one transaction each. */
        @WithDefault("200")
        int batchSize();

        /** Occurrences of one document issued per transaction; a longer backlog (after downtime) takes several. */
        @WithDefault("100")
        int maxOccurrencesPerTransaction();
    }

    /** E-mails with the issued invoice and its UPO. */
    interface Mail {

        /** How often pending e-mails are sent. */
        @WithDefault("5s")
        Duration interval();

        /** E-mails sent per round, each in its own transaction. */
        @WithDefault("20")
        int batchSize();
    }
}
