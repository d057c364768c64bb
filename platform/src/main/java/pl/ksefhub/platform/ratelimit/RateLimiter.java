package pl.ksefhub.platform.ratelimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Sliding-window counting and blocking per client, in memory. A client is one operation called in one context from
 * one IP ({@link Client}); each has its own windows and block. Pure: the clock is given, so the windows are tested
 * with time under the test's control.
 */
public final class RateLimiter {

    /** Who is counted: an operation (e.g. {@code POST /v2/sessions/online}), a context ("" when none), an IP. */
    public record Client(String operation, String context, String ip) {
    }

    /** The outcome of one request. */
    public sealed interface Decision permits Accepted, Refused {
    }

    public record Accepted() implements Decision {
    }

    /**
     * @param window            the window whose threshold was exceeded (for a blocked client: the one that blocked it)
     * @param limit             that window's threshold
     * @param retryAfterSeconds when the client may try again ({@code Retry-After}), at least 1
     */
    public record Refused(Window window, int limit, long retryAfterSeconds) implements Decision {
    }

    /** See {@link RateLimitConfig.Block}. */
    public record BlockPolicy(double growthFactor, long maxMillis, long forgetAfterMillis) {
    }

    private static final Accepted ACCEPTED = new Accepted();
    /** A client idle this long has empty windows: forgetting it loses nothing. */
    private static final long IDLE_MILLIS = Window.HOUR.millis() + Window.HOUR.bucketMillis();

    private final LongSupplier clock;
    private final BlockPolicy blocks;
    private final int maxClients;
    private final Map<Client, ClientState> clients = new ConcurrentHashMap<>();
    private final ReentrantLock trimming = new ReentrantLock();

    /**
     * @param clock milliseconds from any fixed origin, never going back (e.g. {@code System.nanoTime() / 1e6})
     */
    public RateLimiter(LongSupplier clock, BlockPolicy blocks, int maxClients) {
        this.clock = clock;
        this.blocks = blocks;
        this.maxClients = maxClients;
    }

    /** Counts the request when the client's windows and block allow it, else refuses it (and counts nothing). */
    public Decision acquire(Client client, RateLimitValues limits) {
        long now = clock.getAsLong();
        ClientState state = clients.get(client);
        if (state == null) {
            state = clients.computeIfAbsent(client, c -> new ClientState(now));
            if (clients.size() > maxClients) {
                trim(now);
            }
        }
        synchronized (state) {
            return state.acquire(now, limits);
        }
    }

    /** Lifts the blocks of every client of this context (its limits were just changed); counts stay. */
    public void liftBlocks(String context) {
        clients.forEach((client, state) -> {
            if (client.context().equals(context)) {
                synchronized (state) {
                    state.blockedUntil = 0;
                    state.violations = 0;
                }
            }
        });
    }

    /** Forgets clients idle for longer than the longest window and not blocked. */
    public void sweep() {
        long now = clock.getAsLong();
        clients.values().removeIf(state -> state.forgettable(now));
    }

    public int clientCount() {
        return clients.size();
    }

    /**
     * Over {@code maxClients}: first the idle ones go, then the longest unseen down to 90% (their counts are lost,
     * which only ever lets a forgotten client through sooner). One thread trims; the others go on.
     */
    private void trim(long now) {
        if (!trimming.tryLock()) {
            return;
        }
        try {
            clients.values().removeIf(state -> state.forgettable(now));
            int excess = clients.size() - maxClients * 9 / 10;
            if (excess <= 0) {
                return;
            }
            List<Map.Entry<Client, ClientState>> byLastSeen = new ArrayList<>(clients.entrySet());
            byLastSeen.sort(Comparator.comparingLong(entry -> entry.getValue().lastSeen));
            byLastSeen.stream().limit(excess).forEach(entry -> clients.remove(entry.getKey(), entry.getValue()));
        } finally {
            trimming.unlock();
        }
    }

    private final class ClientState {

        private final Map<Window, SlidingWindow> windows = new EnumMap<>(Window.class);
        private volatile long lastSeen;
        private long blockedUntil;
        private Window blockedBy;
        private int blockedLimit;
        private int violations;
        private long lastViolation;

        ClientState(long now) {
            this.lastSeen = now;
            this.lastViolation = now - blocks.forgetAfterMillis() - 1;
        }

        Decision acquire(long now, RateLimitValues limits) {
            lastSeen = now;
            if (now < blockedUntil) {
                return new Refused(blockedBy, blockedLimit, seconds(blockedUntil - now));
            }
            Window exceeded = null;
            long wait = 0;
            for (Window window : Window.values()) {
                int limit = limits.in(window);
                if (limit <= 0) {
                    continue;
                }
                long until = window(window, now).millisUntilBelow(now, limit);
                if (until > 0 && until > wait) {
                    exceeded = window;
                    wait = until;
                }
            }
            if (exceeded != null) {
                return block(now, exceeded, limits.in(exceeded), wait);
            }
            for (Window window : Window.values()) {
                if (limits.in(window) > 0) {
                    window(window, now).add(now);
                }
            }
            return ACCEPTED;
        }

        private Refused block(long now, Window window, int limit, long wait) {
            violations = now - lastViolation > blocks.forgetAfterMillis() ? 1 : violations + 1;
            lastViolation = now;
            double penalty = wait * Math.pow(blocks.growthFactor(), violations - 1);
            long duration = Math.max(wait, (long) Math.min(penalty, blocks.maxMillis()));
            blockedUntil = now + duration;
            blockedBy = window;
            blockedLimit = limit;
            return new Refused(window, limit, seconds(duration));
        }

        /** Windows are made when a threshold first needs them: the public group's clients count seconds only. */
        private SlidingWindow window(Window window, long now) {
            return windows.computeIfAbsent(window, w -> new SlidingWindow(w, now));
        }

        boolean forgettable(long now) {
            synchronized (this) {
                return now - lastSeen > IDLE_MILLIS && now >= blockedUntil;
            }
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
