package pl.ksefhub.session.submission;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.events.SessionEvents.FormCode;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionRequested;
import pl.ksefhub.session.submission.SubmissionEvents.Template;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmissionValidationTest {

    private static final ContextIdentifier CONTEXT = new ContextIdentifier("Nip", "5265877635");
    private static final FormCode FA3 = new FormCode("FA (3)", "1-0E", "FA");
    private static final Template TEMPLATE = new Template(42L, LocalDate.of(2026, 12, 1), 7L);

    @Test
    void aSubmissionWithXmlOrWithATemplateIsWellFormed() {
        assertEquals(List.of(), problems("c-1", CONTEXT, FA3, "<Faktura/>", null));
        assertEquals(List.of(), problems("c-1", CONTEXT, new FormCode("FA (2)", "1-0E", "FA"), null, TEMPLATE));
    }

    @Test
    void nipChecksumIsVerified() {
        assertTrue(SubmissionValidation.validNip("5265877635"));
        assertTrue(SubmissionValidation.validNip("7010002139"));
        assertFalse(SubmissionValidation.validNip("5265877636"));
        assertFalse(SubmissionValidation.validNip("526587763"));
        assertFalse(SubmissionValidation.validNip("52658776a5"));
        assertFalse(SubmissionValidation.validNip(null));
        // Weighted sum giving remainder 10 is never a valid NIP whatever the last digit.
        assertFalse(SubmissionValidation.validNip("1234567890"));
    }

    @Test
    void everyProblemIsNamed() {
        assertEquals(List.of("correlationId is missing", "context is missing", "formCode is missing",
                        "exactly one of invoiceXml and template is required"),
                problems(" ", null, null, null, null));
        assertEquals(List.of("context.type must be Nip"),
                problems("c", new ContextIdentifier("InternalId", "5265877635-00001"), FA3, "<x/>", null));
        assertEquals(List.of("context.value is not a valid NIP"),
                problems("c", new ContextIdentifier("Nip", "5265877636"), FA3, "<x/>", null));
        assertEquals(List.of("formCode is not supported (FA (2) or FA (3), 1-0E, FA)"),
                problems("c", CONTEXT, new FormCode("PEF (3)", "2-1", "PEF"), "<x/>", null));
        assertEquals(List.of("exactly one of invoiceXml and template is required"),
                problems("c", CONTEXT, FA3, "<x/>", TEMPLATE));
        assertEquals(List.of("invoiceXml is empty"), problems("c", CONTEXT, FA3, "  ", null));
        assertEquals(List.of("template.saleDocumentId is missing", "template.issueDate is missing"),
                problems("c", CONTEXT, FA3, null, new Template(null, null, null)));
        assertEquals(List.of("correlationId is longer than 256 characters"),
                problems("x".repeat(257), CONTEXT, FA3, "<x/>", null));
    }

    private static List<String> problems(String correlationId, ContextIdentifier context, FormCode formCode,
                                         String xml, Template template) {
        return SubmissionValidation.problems(new SubmissionRequested(correlationId, context, formCode, xml, template,
                "test"));
    }
}
