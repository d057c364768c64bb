package pl.ksefhub.session.availability;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import pl.ksefhub.session.availability.LatarniaApi.Category;
import pl.ksefhub.session.availability.LatarniaApi.MessageType;
import pl.ksefhub.session.availability.OperatorApi.MaintenanceRequest;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The published messages: failures recorded from the heartbeats (start, and end when the services are back), and
 * the operators' planned unavailability. Several replicas may record the same failure at the same moment; the
 * database lets exactly one of them open it (one open failure at most) and one end it (a conditional update).
 */
@ApplicationScoped
public class AvailabilityService {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final AvailabilityMessageRepository messages;
    private final AvailabilityIncidentRepository incidents;

    public AvailabilityService(AvailabilityMessageRepository messages, AvailabilityIncidentRepository incidents) {
        this.messages = messages;
        this.incidents = incidents;
    }

    /** What is published now, and the failure in progress (null when none). */
    public record Published(List<AvailabilityMessage> messages, AvailabilityIncident openIncident) {
    }

    @WithSession
    public Uni<Published> published(OffsetDateTime since, OffsetDateTime now) {
        return messages.current(since, now)
                .chain(list -> incidents.open().map(open -> new Published(list, open)));
    }

    /**
     * Makes the recorded failure match {@code failure}: ends the open one when there is none any more or its
     * category changed (a failure that turns total ends and a total failure starts), and starts one when needed.
     *
     * @param services the failed services, as the start message names them
     */
    @WithTransaction
    public Uni<Void> recordFailure(Optional<Category> failure, String services, OffsetDateTime now) {
        return incidents.open().chain(open -> {
            if (open != null && failure.isPresent() && failure.get() == open.category) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> ended = open == null ? Uni.createFrom().voidItem() : end(open, now);
            return failure.isEmpty() ? ended : ended.chain(() -> start(failure.get(), services, now));
        });
    }

    private Uni<Void> start(Category category, String services, OffsetDateTime now) {
        return nextval("availability_event_id").chain(eventId -> {
            AvailabilityIncident incident = new AvailabilityIncident();
            incident.eventId = eventId.intValue();
            incident.category = category;
            incident.services = services;
            incident.startedAt = now;
            return incidents.persist(incident)
                    .chain(() -> newMessage(incident.eventId, category, MessageType.FAILURE_START,
                            startTitle(category), startText(category, services, now), now, null, now));
        }).replaceWithVoid();
    }

    /** The start message gets its end (a new version), and an end message with the same event id follows. */
    private Uni<Void> end(AvailabilityIncident open, OffsetDateTime now) {
        return incidents.end(open.eventId, now).chain(endedHere -> {
            if (!endedHere) {
                return Uni.createFrom().voidItem();
            }
            return messages.failureStart(open.eventId).chain(start -> {
                if (start != null) {
                    start.endAt = now;
                    start.republish(now);
                }
                return newMessage(open.eventId, open.category, MessageType.FAILURE_END, endTitle(open.category),
                        endText(open.category, open.startedAt, now), open.startedAt, now, now);
            }).replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<AvailabilityMessage> announceMaintenance(MaintenanceRequest request, OffsetDateTime now) {
        return nextval("availability_event_id").chain(eventId -> newMessage(eventId.intValue(), Category.MAINTENANCE,
                MessageType.MAINTENANCE_ANNOUNCEMENT, request.title().strip(), request.text().strip(),
                request.start(), request.end(), now));
    }

    /** New text or times for a planned unavailability: the same message in a new version. */
    @WithTransaction
    public Uni<AvailabilityMessage> changeMaintenance(int eventId, MaintenanceRequest request, OffsetDateTime now) {
        return messages.maintenance(eventId).map(message -> {
            if (message == null) {
                throw noMaintenance(eventId);
            }
            message.title = request.title().strip();
            message.text = request.text().strip();
            message.startAt = request.start();
            message.endAt = request.end();
            message.republish(now);
            return message;
        });
    }

    /** Takes a planned unavailability back: it is no longer published. */
    @WithTransaction
    public Uni<Void> withdrawMaintenance(int eventId) {
        return messages.delete("eventId = ?1 and category = ?2", eventId, Category.MAINTENANCE).map(deleted -> {
            if (deleted == 0) {
                throw noMaintenance(eventId);
            }
            return null;
        });
    }

    private Uni<AvailabilityMessage> newMessage(int eventId, Category category, MessageType type, String title,
                                                String text, OffsetDateTime start, OffsetDateTime end,
                                                OffsetDateTime now) {
        return nextval("availability_message_number").chain(number -> {
            AvailabilityMessage message = new AvailabilityMessage();
            message.id = "K/%d/%s/%02d".formatted(now.atZoneSameInstant(WARSAW).getYear(),
                    category == Category.MAINTENANCE ? "PRZ" : "AWR", number);
            message.eventId = eventId;
            message.category = category;
            message.type = type;
            message.title = title;
            message.text = text;
            message.startAt = start;
            message.endAt = end;
            message.version = 1;
            message.publishedAt = now;
            return messages.persist(message);
        });
    }

    private static Uni<Long> nextval(String sequence) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select nextval('" + sequence + "')", Long.class).getSingleResult());
    }

    private static NotFoundException noMaintenance(int eventId) {
        return new NotFoundException("No planned unavailability with eventId " + eventId + ".");
    }

    private static String startTitle(Category category) {
        return category == Category.TOTAL_FAILURE ? "Całkowita awaria KSeF" : "Awaria KSeF";
    }

    private static String endTitle(Category category) {
        return category == Category.TOTAL_FAILURE ? "Zakończenie całkowitej awarii KSeF" : "Zakończenie awarii KSeF";
    }

    private static String startText(Category category, String services, OffsetDateTime start) {
        String since = local(start);
        return category == Category.TOTAL_FAILURE
                ? "Od " + since + " trwa całkowita awaria KSeF: wystawianie faktur w KSeF nie jest możliwe."
                + " Niedostępne usługi: " + services + "."
                : "Od " + since + " trwa awaria KSeF. Niedostępne usługi: " + services + ".";
    }

    private static String endText(Category category, OffsetDateTime start, OffsetDateTime end) {
        return (category == Category.TOTAL_FAILURE ? "Całkowita awaria" : "Awaria") + " KSeF trwająca od "
                + local(start) + " zakończyła się " + local(end) + ".";
    }

    private static String local(OffsetDateTime time) {
        return time.atZoneSameInstant(WARSAW).format(LOCAL);
    }
}
