package pl.ksefhub.session.availability;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The operators' API for planned unavailability ({@code /admin/availability/messages}). */
public final class OperatorApi {

    private OperatorApi() {
    }

    /**
     * A planned unavailability (niedostępność planowana) to announce, or its new text and times. {@code end} may be
     * left out while unknown.
     */
    public record MaintenanceRequest(String title, String text, OffsetDateTime start, OffsetDateTime end) {

        /** What is wrong with it, as 21405 details; empty when it can be published. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (title == null || title.isBlank()) {
                problems.add("'title' must not be empty.");
            } else if (title.length() > 256) {
                problems.add("'title' must be at most 256 characters.");
            }
            if (text == null || text.isBlank()) {
                problems.add("'text' must not be empty.");
            } else if (text.length() > 4000) {
                problems.add("'text' must be at most 4000 characters.");
            }
            if (start == null) {
                problems.add("'start' must not be empty.");
            } else if (end != null && !end.isAfter(start)) {
                problems.add("'end' must be later than 'start'.");
            }
            return problems;
        }
    }
}
