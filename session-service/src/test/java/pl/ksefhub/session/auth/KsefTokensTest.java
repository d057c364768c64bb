package pl.ksefhub.session.auth;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KsefTokensTest {

    @Test
    void decryptedPlaintextIsSplitAtTheLastBarBecauseTokensContainBars() {
        KsefTokens.TokenWithTimestamp split = KsefTokens.split(
                "20251010-EC-1A2B3C4D5E-0123456789-AB|nip-5265877635|abcdef|1752236636015");
        assertEquals("20251010-EC-1A2B3C4D5E-0123456789-AB|nip-5265877635|abcdef", split.token());
        assertTrue(split.hasTimestamp(1752236636015L));
        assertFalse(split.hasTimestamp(1752236636016L));
    }

    @Test
    void aTimestampMustMatchExactlyNotJustNumerically() {
        assertFalse(KsefTokens.split("token|01752236636015").hasTimestamp(1752236636015L));
        assertFalse(KsefTokens.split("token|1752236636015 ").hasTimestamp(1752236636015L));
        assertFalse(KsefTokens.split("token|").hasTimestamp(0));
    }

    @Test
    void plaintextWithoutABarHasNoTimestamp() {
        assertNull(KsefTokens.split("just-a-token"));
    }

    @Test
    void generatedTokensHaveTheKsefFormatAndAreUnique() {
        KsefTokens.GeneratedToken first = KsefTokens.generate("Nip", "5265877635");
        KsefTokens.GeneratedToken second = KsefTokens.generate("InternalId", "5265877635-12345");
        assertTrue(ReferenceNumbers.isValid(first.referenceNumber()));
        assertEquals("EC", ReferenceNumbers.kindOf(first.referenceNumber()));
        assertTrue(first.token().matches(first.referenceNumber() + "\\|nip-5265877635\\|[0-9a-f]{64}"),
                first.token());
        assertTrue(second.token().matches(second.referenceNumber() + "\\|internalId-5265877635-12345\\|[0-9a-f]{64}"),
                second.token());
        assertTrue(first.token().length() <= 160, "the spec's maximum length");
        assertNotEquals(secret(first.token()), secret(KsefTokens.generate("Nip", "5265877635").token()));
    }

    @Test
    void theStoredHashIsHexSha256OfTheUtf8Token() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KsefTokens.sha256Hex("abc"));
    }

    @Test
    void bootstrapEntriesSplitAtTheFirstColon() {
        assertEquals(List.of(new KsefTokens.BootstrapEntry("5265877635", "tok:en|x"),
                        new KsefTokens.BootstrapEntry("7010002137", "second")),
                KsefTokens.parseBootstrap(List.of(" 5265877635:tok:en|x ", "", "7010002137:second")));
    }

    @Test
    void aMistypedBootstrapEntryStopsTheServiceWithoutRevealingTheToken() {
        IllegalArgumentException noColon = assertThrows(IllegalArgumentException.class,
                () -> KsefTokens.parseBootstrap(List.of("secret-token-without-nip")));
        assertFalse(noColon.getMessage().contains("secret-token"));
        assertThrows(IllegalArgumentException.class, () -> KsefTokens.parseBootstrap(List.of("123:secret")));
        assertThrows(IllegalArgumentException.class, () -> KsefTokens.parseBootstrap(List.of("5265877635:")));
    }

    private static String secret(String token) {
        return token.substring(token.lastIndexOf('|') + 1);
    }
}
