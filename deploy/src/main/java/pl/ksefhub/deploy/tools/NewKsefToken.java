package pl.ksefhub.deploy.tools;

import pl.ksefhub.deploy.services.DemoAccount;

import java.util.regex.Pattern;

/**
 * Prints a fresh KSeF token of the official format for a NIP, as a {@code KSEF_BOOTSTRAP_TOKENS} entry
 * ({@code NIP:<EC reference>|nip-<NIP>|<64 hex>}): {@code bin/new-ksef-token 5265877635}.
 */
public final class NewKsefToken {

    private static final Pattern NIP = Pattern.compile("[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}");

    private NewKsefToken() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !NIP.matcher(args[0]).matches()) {
            System.err.println("usage: bin/new-ksef-token NIP   (ten digits)");
            System.exit(2);
        }
        System.out.println(args[0] + ":" + DemoAccount.newToken(args[0]));
    }
}
