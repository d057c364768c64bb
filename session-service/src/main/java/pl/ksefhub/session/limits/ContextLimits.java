package pl.ksefhub.session.limits;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.limits.LimitsApi.EffectiveContextLimits;
import pl.ksefhub.session.limits.LimitsApi.SessionLimits;

import java.time.OffsetDateTime;

/**
 * The session limits of a context ("Limity na kontekst", limity/limity.md): the configured defaults, or what
 * {@code /testdata/limits/context/session} set for it ({@code context_session_limits}).
 */
@ApplicationScoped
public class ContextLimits {

    private final LimitsConfig config;

    public ContextLimits(LimitsConfig config) {
        this.config = config;
    }

    /** The limits in force for the context; call within a Hibernate Reactive session. */
    public Uni<EffectiveContextLimits> effective(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select online_max_invoice_size_mb, online_max_invoice_with_attachment_size_mb,
                               online_max_invoices, batch_max_invoice_size_mb,
                               batch_max_invoice_with_attachment_size_mb, batch_max_invoices
                        from context_session_limits where context_type = ?1 and context_value = ?2
                        """, Object[].class)
                .setParameter(1, contextType).setParameter(2, contextValue).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return defaults();
                    }
                    Object[] row = rows.get(0);
                    return new EffectiveContextLimits(
                            new SessionLimits(integer(row[0]), integer(row[1]), integer(row[2])),
                            new SessionLimits(integer(row[3]), integer(row[4]), integer(row[5])));
                });
    }

    EffectiveContextLimits defaults() {
        return new EffectiveContextLimits(defaults(config.onlineSession()), defaults(config.batchSession()));
    }

    Uni<Void> set(String contextType, String contextValue, EffectiveContextLimits limits, OffsetDateTime now) {
        SessionLimits online = limits.onlineSession();
        SessionLimits batch = limits.batchSession();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into context_session_limits (context_type, context_value, online_max_invoice_size_mb,
                            online_max_invoice_with_attachment_size_mb, online_max_invoices,
                            batch_max_invoice_size_mb, batch_max_invoice_with_attachment_size_mb,
                            batch_max_invoices, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                        on conflict (context_type, context_value) do update set
                            online_max_invoice_size_mb = excluded.online_max_invoice_size_mb,
                            online_max_invoice_with_attachment_size_mb =
                                excluded.online_max_invoice_with_attachment_size_mb,
                            online_max_invoices = excluded.online_max_invoices,
                            batch_max_invoice_size_mb = excluded.batch_max_invoice_size_mb,
                            batch_max_invoice_with_attachment_size_mb =
                                excluded.batch_max_invoice_with_attachment_size_mb,
                            batch_max_invoices = excluded.batch_max_invoices,
                            updated_at = excluded.updated_at
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, online.maxInvoiceSizeInMB())
                .setParameter(4, online.maxInvoiceWithAttachmentSizeInMB())
                .setParameter(5, online.maxInvoices())
                .setParameter(6, batch.maxInvoiceSizeInMB())
                .setParameter(7, batch.maxInvoiceWithAttachmentSizeInMB())
                .setParameter(8, batch.maxInvoices())
                .setParameter(9, now)
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Void> reset(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from context_session_limits where context_type = ?1 and context_value = ?2
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue).executeUpdate()).replaceWithVoid();
    }

    private static SessionLimits defaults(LimitsConfig.SessionDefaults defaults) {
        return new SessionLimits(defaults.maxInvoiceSizeInMb(), defaults.maxInvoiceWithAttachmentSizeInMb(),
                defaults.maxInvoices());
    }

    private static int integer(Object column) {
        return ((Number) column).intValue();
    }
}
