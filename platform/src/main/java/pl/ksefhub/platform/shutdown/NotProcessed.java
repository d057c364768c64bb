package pl.ksefhub.platform.shutdown;

/**
 * The header of a 503 that a service answers without having processed the request: whoever sent it (the edge) may
 * send it again, whatever its method. Plain JDK, so that the edge (deploy) shares the contract without the
 * platform's Quarkus dependencies.
 */
public final class NotProcessed {

    /** Its value says why: {@link #SHUTTING_DOWN}, or another reason a request was refused before anything was done. */
    public static final String HEADER = "X-Ksef-Not-Processed";

    /** The service is stopping (platform {@link GracefulShutdown}): it will not answer on this connection again. */
    public static final String SHUTTING_DOWN = "shutting-down";

    private NotProcessed() {
    }
}
