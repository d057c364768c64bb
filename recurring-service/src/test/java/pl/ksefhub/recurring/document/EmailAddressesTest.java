package pl.ksefhub.recurring.document;

import org.junit.jupiter.api.Test;
import pl.ksefhub.recurring.envelope.ApiRefusal;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmailAddressesTest {

    @Test
    void oneAddressIsWrittenWithATrailingSemicolonAsTheSeedEchoesIt() {
        assertEquals("zmiana@email.pl;", EmailAddresses.normalize("email", "zmiana@email.pl"));
    }

    @Test
    void severalAddressesAreAcceptedWithSemicolonsCommasOrSpacesAndWrittenTheSameWay() {
        assertEquals("a@x.pl;b@y.pl;c@z.com;", EmailAddresses.normalize("email", " a@x.pl, b@y.pl;c@z.com ;"));
        assertEquals(List.of("a@x.pl", "b@y.pl"), EmailAddresses.parse("a@x.pl;b@y.pl;"));
    }

    @Test
    void anAlreadyNormalizedValueStaysAsItIs() {
        assertEquals("zmiana@email.pl;", EmailAddresses.normalize("email", "zmiana@email.pl;"));
    }

    @Test
    void noAddressIsNull() {
        assertNull(EmailAddresses.normalize("email", null));
        assertNull(EmailAddresses.normalize("email", " ; "));
        assertEquals(List.of(), EmailAddresses.parse(null));
    }

    @Test
    void somethingThatIsNotAnAddressIsRefusedNamingTheFieldAndTheValue() {
        ApiRefusal refusal = assertThrows(ApiRefusal.class,
                () -> EmailAddresses.normalize("emailForConfirmation", "ok@x.pl; kowalski"));
        assertEquals("Nieprawidłowy adres e-mail w polu emailForConfirmation: 'kowalski'", refusal.getMessage());
        assertThrows(ApiRefusal.class, () -> EmailAddresses.normalize("email", "a@b"));
        assertThrows(ApiRefusal.class, () -> EmailAddresses.normalize("email", "<a@b.pl>"));
    }
}
