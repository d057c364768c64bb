package pl.ksefhub.deploy.system;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/** How the system tests wait: the one place their polling defaults are set. */
final class Polls {

    private Polls() {
    }

    /**
     * Awaitility's {@code await()} with its first look at once. Awaitility's own default waits one poll interval
     * (300–500 ms here) before it: over the thousand-odd checks of a system test that adds minutes
     * ({@code RollingRestartSystemIT} took 537 s with it, 144 s without).
     */
    static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO);
    }
}
