package pl.ksefhub.deploy.chaos;

import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.postgres.Databases;
import pl.ksefhub.deploy.services.Service;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The rows of the two tables that retention keeps bounded ({@code outbox_event}, {@code processed_event}) in every
 * service's database, counted while a run goes on: the figure that shows whether they stay bounded under load.
 */
final class TableRows {

    /** One service's counts at one moment; -1 where the database could not be read (restarting). */
    record Count(long outbox, long unsent, long processed) {
        static final Count UNREADABLE = new Count(-1, -1, -1);
    }

    /** Every service's counts at {@code at} from the start of the run. */
    record Sample(Duration at, Map<Service, Count> counts) {
        String describe() {
            StringJoiner line = new StringJoiner(" | ", "rows at " + Faults.seconds(at) + ": ", "");
            counts.forEach((service, count) -> line.add(count == Count.UNREADABLE ? service.moduleName() + " ?"
                    : String.format(java.util.Locale.ROOT, "%s outbox %d (%d unsent), processed %d",
                    service.moduleName(), count.outbox(), count.unsent(), count.processed())));
            return line.toString();
        }

        long total() {
            return counts.values().stream().filter(c -> c != Count.UNREADABLE)
                    .mapToLong(c -> c.outbox() + c.processed()).sum();
        }
    }

    private final LocalStack stack;
    private final List<Sample> samples = new ArrayList<>();

    TableRows(LocalStack stack) {
        this.stack = stack;
    }

    synchronized Sample sample(Duration at) {
        Map<Service, Count> counts = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            counts.put(service, count(service));
        }
        Sample sample = new Sample(at, counts);
        samples.add(sample);
        return sample;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The sample with the most rows in all. */
    synchronized Sample peak() {
        return samples.stream().max(java.util.Comparator.comparingLong(Sample::total)).orElse(null);
    }

    private Count count(Service service) {
        try (Connection db = Databases.connect(stack.postgres(), service.database());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select (select count(*) from outbox_event),"
                     + " (select count(*) from outbox_event where sent_at is null),"
                     + " (select count(*) from processed_event)")) {
            rows.next();
            return new Count(rows.getLong(1), rows.getLong(2), rows.getLong(3));
        } catch (SQLException e) {
            return Count.UNREADABLE;
        }
    }
}
