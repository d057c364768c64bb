package pl.ksefhub.deploy.services;

import java.util.Arrays;
import java.util.Locale;

/** The four services of ksef-hub: Maven module, default HTTP port and own database. */
public enum Service {
    SESSION("session-service", 8081, "ksef_session"),
    INVOICE("invoice-service", 8082, "ksef_invoice"),
    UPO("upo-service", 8083, "ksef_upo"),
    RECURRING("recurring-service", 8084, "ksef_recurring");

    private final String moduleName;
    private final int defaultPort;
    private final String database;

    Service(String moduleName, int defaultPort, String database) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
        this.database = database;
    }

    /** The Maven module, also the service's name in logs and messages, e.g. {@code session-service}. */
    public String moduleName() {
        return moduleName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String database() {
        return database;
    }

    /** Accepts {@code session-service}, {@code session} or {@code SESSION}. */
    public static Service fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.moduleName.equals(wanted) || s.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "', expected one of "
                        + Arrays.stream(values()).map(Service::moduleName).toList()));
    }

    @Override
    public String toString() {
        return moduleName;
    }
}
