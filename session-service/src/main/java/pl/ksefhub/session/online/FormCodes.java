package pl.ksefhub.session.online;

import java.util.Set;

/**
 * Form codes an online session accepts: the spec's list for {@code POST /sessions/online}, as exact
 * (systemCode, schemaVersion, value) triples (NOTES §2.3; {@code api-changelog.md}: FA_RR (1) is {@code 1-1E} with
 * value {@code FA_RR}, both PEF forms have value {@code PEF}). PEF is not tied to a Peppol provider's context here:
 * the docs require only one of the session permissions (PefInvoiceWrite among them), and who may issue a PEF
 * invoice for a seller is decided per invoice (PefInvoicing, invoice-service).
 */
final class FormCodes {

    private static final Set<String> SUPPORTED = Set.of("FA (2)|1-0E|FA", "FA (3)|1-0E|FA", "FA_RR (1)|1-1E|FA_RR",
            "PEF (3)|2-1|PEF", "PEF_KOR (3)|2-1|PEF");

    private FormCodes() {
    }

    static boolean supported(OnlineSessionApi.FormCode formCode) {
        return SUPPORTED.contains(formCode.systemCode() + "|" + formCode.schemaVersion() + "|" + formCode.value());
    }
}
