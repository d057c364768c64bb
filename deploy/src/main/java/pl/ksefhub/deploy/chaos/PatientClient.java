package pl.ksefhub.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A KSeF client as a careful integrator writes one: a 503 or 429 is tried again after its {@code Retry-After}, a
 * 502/504 from the edge (the service behind it is down) and a connection error after a short back-off, and a 401
 * (an access token lost) after logging in again; anything else is the answer. Patience is bounded: an operation
 * that keeps failing for {@link #PATIENCE} is reported as failed. Every answer goes into the {@link Ledger}.
 */
final class PatientClient {

    static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final Set<Integer> TRY_AGAIN = Set.of(429, 502, 503, 504);
    private static final long BACKOFF_MILLIS = 500;

    private final KsefClient client;
    private final String nip;
    private final String token;
    private final Ledger ledger;

    PatientClient(String baseUrl, String nip, String token, Ledger ledger) {
        this.client = new KsefClient(baseUrl);
        this.nip = nip;
        this.token = token;
        this.ledger = ledger;
    }

    KsefClient raw() {
        return client;
    }

    String accessToken() {
        return client.accessToken();
    }

    /** Logs in with the KSeF token (challenge, /auth/ksef-token, polling, redeem), again until it succeeds. */
    void login() {
        attempt("login", () -> {
            client.loadPublicKeys();
            client.authenticateWithKsefToken(nip, token);
            return null;
        });
    }

    KsefClient.OnlineSession openOnline() {
        KsefClient.OnlineSession session = attempt("open online session", () -> client.openOnlineSession("FA (3)"));
        ledger.opened(session.referenceNumber(), "online");
        return session;
    }

    /** @return the final answer to the send: 202, or a definitive refusal */
    Answer send(KsefClient.OnlineSession session, byte[] xml) {
        return call(() -> client.sendInvoice(session, xml));
    }

    Answer get(String path) {
        return call(() -> client.get(path, client.accessToken()));
    }

    Answer getPage(String path, String continuationToken) {
        return call(() -> continuationToken == null ? client.get(path, client.accessToken())
                : client.getWithHeader(path, client.accessToken(), "x-continuation-token", continuationToken));
    }

    Answer getAbsolute(String url) {
        return call(() -> client.getAbsolute(url));
    }

    Answer close(KsefClient.OnlineSession session) {
        return call(() -> client.closeSession(session));
    }

    KsefClient.BatchSession openBatch(Path archive, int parts, Path workDir) {
        KsefClient.BatchSession batch = attempt("open batch session",
                () -> client.openBatchSession("FA (3)", archive, "Zip", parts, workDir));
        ledger.opened(batch.referenceNumber(), "batch");
        return batch;
    }

    /** PUT of one part until it is answered 201 (or refused for good); the last status. */
    int upload(KsefClient.BatchSession batch, int ordinal) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            int status;
            try {
                status = client.uploadPart(batch, ordinal);
                ledger.answered(Integer.toString(status));
            } catch (RuntimeException e) {
                ledger.answered("connection error");
                status = -1;
            }
            if (status == 201 || status != -1 && !TRY_AGAIN.contains(status) || System.nanoTime() > deadline) {
                return status;
            }
            pause(BACKOFF_MILLIS);
        }
    }

    Answer closeBatch(String referenceNumber) {
        return call(() -> client.closeBatchSession(referenceNumber));
    }

    /** An HTTP call, tried again while the answer says "later" or no answer came. */
    Answer call(Supplier<Answer> request) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Answer answer;
            try {
                answer = request.get();
            } catch (RuntimeException e) {
                ledger.answered("connection error");
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No answer for " + PATIENCE.toMinutes() + " min", e);
                }
                pause(BACKOFF_MILLIS);
                continue;
            }
            ledger.answered(Integer.toString(answer.status()));
            if (System.nanoTime() > deadline) {
                return answer;
            }
            if (answer.status() == 401) {
                login();
                continue;
            }
            if (!TRY_AGAIN.contains(answer.status())) {
                return answer;
            }
            pause(retryAfterMillis(answer));
        }
    }

    /** An operation made of several calls (a login, an open): all of it again, until it succeeds. */
    private <T> T attempt(String what, Supplier<T> operation) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                T result = operation.get();
                ledger.answered("ok: " + what);
                return result;
            } catch (RuntimeException e) {
                ledger.answered("failed, tried again: " + what);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " failed for " + PATIENCE.toMinutes() + " min", e);
                }
                if (!what.equals("login") && e.getMessage() != null && e.getMessage().contains("got 401")) {
                    login();
                }
                pause(BACKOFF_MILLIS);
            }
        }
    }

    private static long retryAfterMillis(Answer answer) {
        String header = answer.header("Retry-After");
        try {
            return header == null ? BACKOFF_MILLIS : Math.max(100, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            return BACKOFF_MILLIS;
        }
    }

    static JsonNode json(Answer answer) {
        return answer.json();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
