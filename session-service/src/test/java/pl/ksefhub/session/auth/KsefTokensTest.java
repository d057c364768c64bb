package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
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
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretHashes.sha256Hex("abc"));
    }

    private static final String FIRST = "20260101-EC-0000000001-B00757A9F1-C8|nip-5265877635|4742bfc0148e6a41bd24d9d42e17fa4fde90ea97aff0cb7d517ac5e3b90fa6c5";
    private static final String SECOND = "20260101-EC-0000000002-B00757A9F2-26|nip-7010002137|3a029914293b9afec7e855c6a60abdacaf5ae4f106786acb18a1c3ff1c05aa32";

    @Test
    void bootstrapEntriesSplitAtTheFirstColonAndTakeTheTokensReference() {
        assertEquals(List.of(new KsefTokens.BootstrapEntry("5265877635", FIRST, "20260101-EC-0000000001-B00757A9F1-C8"),
                        new KsefTokens.BootstrapEntry("7010002137", SECOND, "20260101-EC-0000000002-B00757A9F2-26")),
                KsefTokens.parseBootstrap(List.of(" 5265877635:" + FIRST + " ", "", "7010002137:" + SECOND)));
    }

    @Test
    void aGeneratedTokenParsesIntoItsParts() {
        KsefTokens.GeneratedToken generated = KsefTokens.generate("Nip", "5265877635");
        KsefTokens.Parts parts = KsefTokens.parse(generated.token()).orElseThrow();
        assertEquals(generated.referenceNumber(), parts.referenceNumber());
        assertEquals("Nip", parts.contextType());
        assertEquals("5265877635", parts.contextValue());
        assertEquals(secret(generated.token()), parts.secretHex());
        assertTrue(KsefTokens.parse("abc|nip-5265877635|" + "0".repeat(64)).isEmpty());
        assertTrue(KsefTokens.parse(FIRST.replace("-C8|", "-C9|")).isEmpty(), "a reference with a wrong checksum");
    }

    @Test
    void aBootstrapTokenNotOfTheOfficialFormatOrOfAnotherNipIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> KsefTokens.parseBootstrap(List.of("5265877635:bootstrap-token-5265877635|with-a-bar")));
        IllegalArgumentException otherNip = assertThrows(IllegalArgumentException.class,
                () -> KsefTokens.parseBootstrap(List.of("7010002137:" + FIRST)));
        assertFalse(otherNip.getMessage().contains("4742bfc0"), "never the secret");
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
