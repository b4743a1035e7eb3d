package io.certkeeper.cli;

import java.util.regex.Pattern;

/**
 * Ends the selector threads of the JDK's HTTP clients once a command has finished, so that the
 * process exits at once. Every {@link java.net.http.HttpClient} (one per certificate issuer)
 * keeps a daemon thread waiting for I/O in native code, and Java 17's client has no
 * {@code close()}. At exit the JVM waits for threads in native code to block, up to 300 ms, so
 * every command that talked to a CA took 0.3 s longer to end. Interrupting a selector thread makes
 * its client close its connections and the thread finish.
 *
 * <p>Only for the end of {@code main}: a client still in use afterwards would fail.
 */
final class HttpClientThreads {

    /** The JDK's name for the thread (jdk.internal.net.http.HttpClientImpl.SelectorManager). */
    private static final Pattern SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");
    private static final long JOIN_MILLIS = 100;

    private HttpClientThreads() {
    }

    /**
     * Interrupts every HTTP client's selector thread and waits briefly until each has ended.
     *
     * @return how many selector threads were found
     */
    static int stop() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int count = root.enumerate(threads, true);
        int found = 0;
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (thread.isDaemon() && SELECTOR.matcher(thread.getName()).matches()) {
                found++;
                thread.interrupt();
                try {
                    thread.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return found;
                }
            }
        }
        return found;
    }
}
