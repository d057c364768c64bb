package pl.ksefhub.deploy.services;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo token looks like one KSeF issues, which clients parse: {@code <EC reference>|nip-<NIP>|<secret>}. */
class DemoAccountTest {

    @Test
    void aNewTokenHasTheOfficialFormat() {
        String token = DemoAccount.newToken("5265877635");
        String[] parts = token.split("\\|");
        assertEquals(3, parts.length, token);
        assertTrue(ReferenceNumbers.isValid(parts[0]), token);
        assertEquals("EC", ReferenceNumbers.kindOf(parts[0]));
        assertEquals("nip-5265877635", parts[1]);
        assertTrue(parts[2].matches("[0-9a-f]{64}"), token);
        assertNotEquals(token, DemoAccount.newToken("5265877635"));
    }

    @Test
    void theTokenIsKeptAcrossStartsAndOneOfAnOlderFormatIsReplaced(@TempDir Path data) throws Exception {
        DemoAccount first = DemoAccount.loadOrCreate(data);
        assertTrue(DemoAccount.isOfficialFormat(first.token(), DemoAccount.DEMO_NIP));
        assertEquals(first, DemoAccount.loadOrCreate(data));

        Files.writeString(data.resolve("demo-token"), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        DemoAccount replaced = DemoAccount.loadOrCreate(data);
        assertTrue(DemoAccount.isOfficialFormat(replaced.token(), DemoAccount.DEMO_NIP), replaced.token());
        assertEquals(replaced, DemoAccount.loadOrCreate(data));
    }
}
