package pl.ksefhub.invoice.authorization;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.ksefhub.invoice.authorization.InvoicingAuthorizations.Authorization;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whose invoices a context may send, by the authorizations its sellers gave it. */
class InvoicingAuthorizationsTest {

    private static final String SELLER = "1111111111";
    private static final String CONTEXT = "2222222222";
    private static final String OTHER = "3333333333";
    private static final String PEPPOL = "PPL000123";

    @ParameterizedTest(name = "{0} for {1} ({2} context, buyer {3}): {4}")
    @CsvSource({
            // scope,            form,    context type, buyer,   allowed
            "SelfInvoicing,      FA (3),  Nip,          CONTEXT, true",
            "SelfInvoicing,      FA (3),  Nip,          OTHER,   false",
            "SelfInvoicing,      FA_RR,   Nip,          CONTEXT, false",
            "RRInvoicing,        FA_RR,   Nip,          CONTEXT, true",
            "RRInvoicing,        FA_RR,   Nip,          OTHER,   false",
            "RRInvoicing,        FA (3),  Nip,          CONTEXT, false",
            "TaxRepresentative,  FA (3),  Nip,          OTHER,   true",
            "PefInvoicing,       PEF (3), PeppolId,     OTHER,   true",
            "PefInvoicing,       FA (3),  PeppolId,     OTHER,   false",
            "SelfInvoicing,      PEF (3), Nip,          CONTEXT, false",
    })
    void anAuthorizationCoversItsKindOfInvoiceOnly(String scope, String form, String contextType, String buyer,
                                                   boolean allowed) {
        boolean peppol = "PeppolId".equals(contextType);
        Authorization authorization = new Authorization(SELLER, peppol ? "PeppolId" : "Nip",
                peppol ? PEPPOL : CONTEXT, scope);
        String contextValue = peppol ? PEPPOL : CONTEXT;
        assertEquals(allowed, InvoicingAuthorizations.allows(Set.of(authorization), SELLER, contextType,
                contextValue, peppol ? null : CONTEXT, form, "CONTEXT".equals(buyer) ? CONTEXT : OTHER));
    }

    @ParameterizedTest(name = "an authorization of {0} to {1} does not let {2} send for {3}")
    @CsvSource({
            "1111111111, 2222222222, 2222222222, 3333333333",
            "1111111111, 3333333333, 2222222222, 1111111111",
    })
    void anotherSellersOrAnotherEntitysAuthorizationDoesNothing(String authorizing, String authorized,
                                                                String context, String seller) {
        Authorization authorization = new Authorization(authorizing, "Nip", authorized, "SelfInvoicing");
        assertEquals(false, InvoicingAuthorizations.allows(Set.of(authorization), seller, "Nip", context, context,
                "FA (3)", context));
    }
}
