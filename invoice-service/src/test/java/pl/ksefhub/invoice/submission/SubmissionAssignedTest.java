package pl.ksefhub.invoice.submission;

import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubmissionAssignedTest {

    private static final ContextIdentifier CONTEXT = new ContextIdentifier("Nip", "5265877635");
    private static final FormCode FORM = new FormCode("FA (3)", "1-0E", "FA");
    private static final SubmissionAssigned.Template TEMPLATE =
            new SubmissionAssigned.Template(42L, LocalDate.of(2026, 12, 1), 7L);

    private static SubmissionAssigned of(String correlationId, ContextIdentifier context, String xml,
                                         SubmissionAssigned.Template template) {
        return new SubmissionAssigned("20261124-SO-0000000000-0000000000-00", correlationId, context, FORM, xml,
                template, null);
    }

    @Test
    void aSubmissionWithXmlOrWithATemplateIsComplete() {
        assertDoesNotThrow(() -> of("c1", CONTEXT, "<Faktura/>", null).requireComplete());
        assertDoesNotThrow(() -> of("c1", CONTEXT, null, TEMPLATE).requireComplete());
    }

    @Test
    void bothOrNeitherOfXmlAndTemplateIsMalformed() {
        assertThrows(MalformedEventException.class, () -> of("c1", CONTEXT, "<a/>", TEMPLATE).requireComplete());
        assertThrows(MalformedEventException.class, () -> of("c1", CONTEXT, null, null).requireComplete());
    }

    @Test
    void aMissingOrOverlongCorrelationIdIsMalformed() {
        assertThrows(MalformedEventException.class, () -> of(null, CONTEXT, "<a/>", null).requireComplete());
        assertThrows(MalformedEventException.class, () -> of(" ", CONTEXT, "<a/>", null).requireComplete());
        assertThrows(MalformedEventException.class, () -> of("x".repeat(257), CONTEXT, "<a/>", null)
                .requireComplete());
    }

    @Test
    void aMissingContextOrIncompleteTemplateIsMalformed() {
        assertThrows(MalformedEventException.class, () -> of("c1", null, "<a/>", null).requireComplete());
        assertThrows(MalformedEventException.class, () -> of("c1", CONTEXT, null,
                new SubmissionAssigned.Template(null, LocalDate.of(2026, 12, 1), 7L)).requireComplete());
        assertThrows(MalformedEventException.class, () -> of("c1", CONTEXT, null,
                new SubmissionAssigned.Template(42L, null, 7L)).requireComplete());
    }
}
