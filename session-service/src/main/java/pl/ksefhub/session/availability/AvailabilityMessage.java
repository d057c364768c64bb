package pl.ksefhub.session.availability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import pl.ksefhub.session.availability.LatarniaApi.Category;
import pl.ksefhub.session.availability.LatarniaApi.MessageType;

import java.time.OffsetDateTime;

/** A published Latarnia message; a change raises its version and publishes it again. */
@Entity
@Table(name = "availability_message")
public class AvailabilityMessage extends PanacheEntityBase {

    /** As the Ministry numbers them, e.g. {@code K/2026/AWR/02}. */
    @Id
    public String id;
    @Column(name = "event_id")
    public int eventId;
    @Enumerated(EnumType.STRING)
    public Category category;
    @Enumerated(EnumType.STRING)
    public MessageType type;
    public String title;
    public String text;
    @Column(name = "start_at")
    public OffsetDateTime startAt;
    @Column(name = "end_at")
    public OffsetDateTime endAt;
    public int version;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    LatarniaApi.Message toApi() {
        return new LatarniaApi.Message(id, eventId, category, type, title, text, LatarniaApi.time(startAt),
                LatarniaApi.time(endAt), version, LatarniaApi.time(publishedAt));
    }

    /** A new version of this message, published now. */
    void republish(OffsetDateTime now) {
        version++;
        publishedAt = now;
    }
}
