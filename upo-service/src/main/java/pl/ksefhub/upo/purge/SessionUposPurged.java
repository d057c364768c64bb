package pl.ksefhub.upo.purge;

import java.time.OffsetDateTime;

/**
 * {@code ksef.session.upos-purged.v1} on {@code ksef.upo.events}: upo-service deleted every UPO and projection row
 * of the session being deleted; its download URLs (stateless, signed) now find nothing.
 *
 * @param upoCount how many UPO documents (invoice UPOs and session UPO pages) went
 */
public record SessionUposPurged(String referenceNumber, int upoCount, OffsetDateTime purgedAt) {

    public static final String TYPE = "ksef.session.upos-purged.v1";
}
