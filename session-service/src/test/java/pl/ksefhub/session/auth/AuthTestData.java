package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * KSeF tokens and contexts of one test, straight in the database (POST /tokens needs a XAdES login). Public for the
 * tests of other capabilities that take KSeF tokens (tickets).
 */
public final class AuthTestData {

    private AuthTestData() {
    }

    /** A NIP of the spec's pattern that no other test uses. */
    public static String randomNip() {
        return (1 + ThreadLocalRandom.current().nextInt(9)) + "1" + (1 + ThreadLocalRandom.current().nextInt(9))
                + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** A generated token of the NIP context with InvoiceWrite and InvoiceRead. */
    public static KsefTokens.GeneratedToken insertToken(DataSource dataSource, String nip, KsefToken.Status status)
            throws Exception {
        return insertToken(dataSource, "Nip", nip, status, "InvoiceWrite,InvoiceRead");
    }

    /** A generated token of the given context, authored by the context's NIP, with the comma-separated permissions. */
    public static KsefTokens.GeneratedToken insertToken(DataSource dataSource, String contextType,
                                                        String contextValue, KsefToken.Status status,
                                                        String permissions) throws Exception {
        KsefTokens.GeneratedToken generated = KsefTokens.generate(contextType, contextValue);
        String author = contextValue.substring(0, 10);
        execute(dataSource, """
                insert into ksef_token (reference_number, secret_hash, context_type, context_value, author_type,
                                        author_value, description, permissions, status, created_at, updated_at)
                values (?, ?, ?, ?, 'Nip', ?, 'test token', ?, ?, now(), now())
                """, generated.referenceNumber(), SecretHashes.sha256Hex(generated.token()), contextType, contextValue,
                author, permissions, status.name());
        return generated;
    }

    public static void execute(DataSource dataSource, String sql, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
