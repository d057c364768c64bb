package pl.ksefhub.deploy.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import pl.ksefhub.deploy.StackException;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

/**
 * The taxpayer a fresh local stack can log in as: a valid NIP and a KSeF token that session-service accepts via
 * {@code KSEF_BOOTSTRAP_TOKENS}. The token is random, of the official format {@code <EC reference>|nip-<NIP>|<64
 * hex>} (clients parse it), made once and kept in {@code <data>/demo-token}.
 *
 * @param nip   the context NIP
 * @param token the KSeF token, as a client sends it (encrypted) to {@code POST /v2/auth/ksef-token}
 */
public record DemoAccount(String nip, String token) {

    /** A valid NIP (its check digit is right) that belongs to no real taxpayer we know of. */
    public static final String DEMO_NIP = "5265877635";

    private static final String FILE_NAME = "demo-token";

    /** The demo account of this data directory, creating its token on first use. */
    public static DemoAccount loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                // A token of an older data directory, not of the official format, is replaced.
                if (isOfficialFormat(token, DEMO_NIP)) {
                    return new DemoAccount(DEMO_NIP, token);
                }
            }
            String token = newToken(DEMO_NIP);
            Files.createDirectories(dataDir);
            Files.writeString(file, token + System.lineSeparator(), StandardCharsets.UTF_8);
            return new DemoAccount(DEMO_NIP, token);
        } catch (IOException e) {
            throw new StackException("Could not read or write the demo token in " + file + ": " + e, e);
        }
    }

    /** A fresh KSeF token of the context NIP, of the official format, for {@code KSEF_BOOTSTRAP_TOKENS}. */
    public static String newToken(String nip) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return ReferenceNumbers.next(ReferenceNumbers.KSEF_TOKEN) + "|nip-" + nip + "|"
                + HexFormat.of().formatHex(secret);
    }

    /** {@code <valid EC reference>|nip-<nip>|<64 lower-case hex>}. */
    static boolean isOfficialFormat(String token, String nip) {
        String[] parts = token.split("\\|", -1);
        return parts.length == 3 && ReferenceNumbers.isValid(parts[0])
                && ReferenceNumbers.KSEF_TOKEN.equals(ReferenceNumbers.kindOf(parts[0]))
                && parts[1].equals("nip-" + nip) && parts[2].matches("[0-9a-f]{64}");
    }

    /**
     * The first account of a {@code KSEF_BOOTSTRAP_TOKENS} value: {@code NIP:token[,NIP:token...]}.
     *
     * @throws StackException when the value has another shape
     */
    public static DemoAccount firstOf(String bootstrapTokens) {
        String first = bootstrapTokens.split(",")[0].trim();
        int colon = first.indexOf(':');
        if (colon <= 0 || colon == first.length() - 1) {
            throw new StackException("KSEF_BOOTSTRAP_TOKENS must be NIP:token[,NIP:token...], not '"
                    + bootstrapTokens + "'");
        }
        return new DemoAccount(first.substring(0, colon).trim(), first.substring(colon + 1).trim());
    }

    /** This account as a {@code KSEF_BOOTSTRAP_TOKENS} value. */
    public String asBootstrapTokens() {
        return nip + ":" + token;
    }
}
