package pl.ksefhub.upo.document;

import java.util.List;

/**
 * One page of a session UPO ({@code OpisPotwierdzenia}): numbers are 1-based positions in the session's list of
 * accepted invoices ordered by ordinal number; {@code toExclusive} follows the schema ("exclusive").
 */
public record UpoPage(int page, int pageCount, int fromInclusive, int toExclusive, int totalDocuments,
                      List<UpoEntry> entries) {
}
