package pl.ksefhub.deploy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** The launcher's progress lines: {@code [ksef-hub] starting Kafka… ready in 2.3 s (127.0.0.1:9092)}. */
public final class Progress {

    private static final String PREFIX = "[ksef-hub] ";

    private final PrintStream out;
    /** A "starting X…" line waits for its "ready" on the same line. */
    private boolean lineOpen;

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** One line of its own. */
    public synchronized void line(String text) {
        closeOpenLine();
        out.println(PREFIX + text);
        out.flush();
    }

    /**
     * Prints "starting {subject}…", does the work, then finishes the line with "ready in N s (detail)".
     *
     * @param detail what to add about the result, or null
     */
    public <T> T step(String subject, Supplier<T> work, Function<T, String> detail) {
        long start = System.nanoTime();
        synchronized (this) {
            closeOpenLine();
            out.print(PREFIX + "starting " + subject + "… ");
            out.flush();
            lineOpen = true;
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (lineOpen) {
                    out.println("failed");
                    lineOpen = false;
                }
            }
            throw e;
        }
        String extra = detail == null ? "" : " (" + detail.apply(result) + ")";
        synchronized (this) {
            out.println((lineOpen ? "" : PREFIX + subject + " ") + "ready in " + since(start) + extra);
            out.flush();
            lineOpen = false;
        }
        return result;
    }

    /** "2.3 s" since {@code startNanos}. */
    public static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private void closeOpenLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
