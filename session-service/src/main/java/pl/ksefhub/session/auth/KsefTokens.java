package pl.ksefhub.session.auth;

import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** KSeF token strings: their format, their stored hash, the decrypted {@code token|timestampMs}, bootstrap entries. */
public final class KsefTokens {

    /** The spec's {@code Nip} pattern. */
    public static final Pattern NIP = Identifiers.NIP;

    private static final SecureRandom RANDOM = new SecureRandom();

    private KsefTokens() {
    }

    /** A newly generated token: shown to its author once, stored only as {@link #sha256Hex}. */
    public record GeneratedToken(String referenceNumber, String token) {
    }

    /** The plaintext of {@code encryptedToken}, split into the token and the challenge timestamp it claims. */
    public record TokenWithTimestamp(String token, String timestamp) {

        /** True when the timestamp part is exactly the challenge's milliseconds. */
        public boolean hasTimestamp(long timestampMs) {
            return timestamp.equals(Long.toString(timestampMs));
        }
    }

    /**
     * A {@code NIP:token} entry of {@code ksef.bootstrap.tokens}; the token is of the official format, and its EC
     * reference is the token's reference number.
     */
    public record BootstrapEntry(String nip, String token, String referenceNumber) {
    }

    /** The three parts of a token of the official format. */
    public record Parts(String referenceNumber, String contextType, String contextValue, String secretHex) {
    }

    private static final Pattern FORMAT = Pattern.compile("^([^|]+)\\|([a-z][A-Za-z]*)-([^|]+)\\|([0-9a-f]{64})$");

    /**
     * A new token of the KSeF format {@code <EC reference>|<contextType>-<contextValue>|<64 hex>}, e.g.
     * {@code 20251010-EC-...|nip-5265877635|9f3c...}: the reference makes the token findable in lists, the secret
     * (256 random bits) is what authenticates.
     */
    public static GeneratedToken generate(String contextType, String contextValue) {
        String referenceNumber = ReferenceNumbers.next(ReferenceNumbers.KSEF_TOKEN);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new GeneratedToken(referenceNumber, format(referenceNumber, contextType, contextValue,
                HexFormat.of().formatHex(secret)));
    }

    /**
     * The parts of a token of the official format ({@link #generate}): a valid EC reference number, the context and
     * a 64-hex secret; empty for any other string.
     */
    public static java.util.Optional<Parts> parse(String token) {
        var matcher = FORMAT.matcher(token);
        if (!matcher.matches() || !ReferenceNumbers.isValid(matcher.group(1))
                || !ReferenceNumbers.KSEF_TOKEN.equals(ReferenceNumbers.kindOf(matcher.group(1)))) {
            return java.util.Optional.empty();
        }
        String type = Character.toUpperCase(matcher.group(2).charAt(0)) + matcher.group(2).substring(1);
        return java.util.Optional.of(new Parts(matcher.group(1), type, matcher.group(3), matcher.group(4)));
    }

    static String format(String referenceNumber, String contextType, String contextValue, String secretHex) {
        String type = Character.toLowerCase(contextType.charAt(0)) + contextType.substring(1);
        return referenceNumber + "|" + type + "-" + contextValue + "|" + secretHex;
    }

    /**
     * Splits {@code token|timestampMs} at the last {@code |}: generated tokens contain {@code |} themselves.
     *
     * @return null when there is no {@code |} at all
     */
    public static TokenWithTimestamp split(String plaintext) {
        int bar = plaintext.lastIndexOf('|');
        if (bar < 0) {
            return null;
        }
        return new TokenWithTimestamp(plaintext.substring(0, bar), plaintext.substring(bar + 1));
    }

    /**
     * Reads {@code NIP:token} entries; the token is everything after the first colon.
     *
     * @throws IllegalArgumentException for an entry without a valid NIP or without a token, so that a mistyped
     *                                  configuration stops the service rather than silently locking users out
     */
    public static List<BootstrapEntry> parseBootstrap(List<String> entries) {
        List<BootstrapEntry> result = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                // Never echo the entry: it may be a token that lost its NIP.
                throw new IllegalArgumentException("ksef.bootstrap.tokens: an entry is not of the form NIP:token");
            }
            String nip = entry.substring(0, colon).trim();
            String token = entry.substring(colon + 1).trim();
            if (!NIP.matcher(nip).matches()) {
                throw new IllegalArgumentException("ksef.bootstrap.tokens: an entry does not start with a valid NIP");
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("ksef.bootstrap.tokens: the entry of NIP " + nip + " has no token");
            }
            // Clients parse tokens (reference, context, secret): a bootstrap token looks like a generated one.
            Parts parts = parse(token).filter(p -> "Nip".equals(p.contextType()) && nip.equals(p.contextValue()))
                    .orElseThrow(() -> new IllegalArgumentException("ksef.bootstrap.tokens: the token of NIP " + nip
                            + " is not of the KSeF format <EC reference number>|nip-" + nip + "|<64 hex digits>"));
            result.add(new BootstrapEntry(nip, token, parts.referenceNumber()));
        }
        return result;
    }
}
