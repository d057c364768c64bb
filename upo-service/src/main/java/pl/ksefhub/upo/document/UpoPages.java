package pl.ksefhub.upo.document;

import java.util.ArrayList;
import java.util.List;

/** Splits a session's accepted invoices into UPO pages. */
public final class UpoPages {

    /** The schema's {@code maxOccurs} of {@code Dokument}: no page may hold more. */
    public static final int MAX_DOCUMENTS_PER_PAGE = 10_000;

    private UpoPages() {
    }

    /**
     * @param entries  the session's accepted invoices in ordinal order
     * @param pageSize at most {@link #MAX_DOCUMENTS_PER_PAGE}
     * @return one page per {@code pageSize} documents; none for no documents
     */
    public static List<UpoPage> split(List<UpoEntry> entries, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_DOCUMENTS_PER_PAGE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_DOCUMENTS_PER_PAGE);
        }
        int total = entries.size();
        int pageCount = (total + pageSize - 1) / pageSize;
        List<UpoPage> pages = new ArrayList<>(pageCount);
        for (int i = 0; i < pageCount; i++) {
            int from = i * pageSize;
            int to = Math.min(total, from + pageSize);
            pages.add(new UpoPage(i + 1, pageCount, from + 1, to + 1, total, List.copyOf(entries.subList(from, to))));
        }
        return pages;
    }
}
