package pl.ksefhub.deploy.postgres;

import java.net.URI;

import pl.ksefhub.deploy.StackException;

/** A server that someone else runs, configured by {@code KSEF_DB_URL}; the stack never stops it. */
record ExternalPostgres(String host, int port, String user, String password) implements PostgresServer {

    /** Parses {@code postgresql://host:port} (a {@code jdbc:} prefix and a trailing database are tolerated). */
    static ExternalPostgres parse(String url, String user, String password) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        try {
            URI uri = URI.create(plain);
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not postgresql://host:port");
            }
            return new ExternalPostgres(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                    user == null || user.isBlank() ? "postgres" : user, password == null ? "" : password);
        } catch (IllegalArgumentException e) {
            throw new StackException("KSEF_DB_URL must look like postgresql://host:5432, not '" + url + "'", e);
        }
    }

    @Override
    public String description() {
        return "external PostgreSQL at " + host + ":" + port;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
