package pl.ksefhub.session.online;

import java.util.Set;

/**
 * Form codes an online session accepts here. The TEST environment takes FA (2) and FA (3) for structured invoices
 * (srodowiska.md); PEF and FA_RR come with their schemas later.
 */
final class FormCodes {

    private static final Set<String> SUPPORTED = Set.of("FA (2)|1-0E|FA", "FA (3)|1-0E|FA");

    private FormCodes() {
    }

    static boolean supported(OnlineSessionApi.FormCode formCode) {
        return SUPPORTED.contains(formCode.systemCode() + "|" + formCode.schemaVersion() + "|" + formCode.value());
    }
}
