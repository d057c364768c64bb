package pl.ksefhub.session.permissions;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.permissions.Grant.Identifier;

import java.time.OffsetDateTime;
import java.util.List;

/** The {@code permission_operation} table: the outcome of each grant and revoke. */
@ApplicationScoped
public class PermissionOperations {

    /** An operation's outcome, and the context it was made in (only that context's logins read it). */
    public record Operation(String referenceNumber, Identifier context, OperationStatus status,
                            OffsetDateTime createdAt) {
    }

    Uni<Void> record(String referenceNumber, Identifier context, OperationStatus status, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into permission_operation (reference_number, context_type, context_value, status_code,
                                                          status_description, status_details, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        """)
                .setParameter(1, referenceNumber).setParameter(2, context.type()).setParameter(3, context.value())
                .setParameter(4, status.code()).setParameter(5, status.description())
                .setParameter(6, status.details().isEmpty() ? null : String.join("\n", status.details()))
                .setParameter(7, now)
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Operation> find(String referenceNumber) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select reference_number, context_type, context_value, status_code, status_description,
                               status_details, created_at
                        from permission_operation where reference_number = ?1
                        """, Object[].class)
                .setParameter(1, referenceNumber).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] row = rows.get(0);
                    String details = (String) row[5];
                    return new Operation((String) row[0], new Identifier((String) row[1], (String) row[2]),
                            new OperationStatus((Integer) row[3], (String) row[4],
                                    details == null ? List.of() : List.of(details.split("\n"))),
                            (OffsetDateTime) row[6]);
                });
    }
}
