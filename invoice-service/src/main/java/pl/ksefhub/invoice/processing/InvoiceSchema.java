package pl.ksefhub.invoice.processing;

import javax.xml.validation.Schema;
import java.util.Map;

/**
 * A compiled invoice schema and the occurrence limits taken out of it: elements whose {@code maxOccurs} was too
 * large for the JDK's validator (it expands such content models into automata of tens of thousands of states)
 * are compiled as {@code unbounded}, and their real limits are counted while reading the document instead.
 *
 * @param occurrenceLimits element local name → the schema's {@code maxOccurs} (per parent element)
 */
public record InvoiceSchema(Schema schema, Map<String, Integer> occurrenceLimits) {
}
