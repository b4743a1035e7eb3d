package io.certkeeper.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps, while it is open, every record logged at {@code WARN} or {@code ERROR} with its stack trace
 * and every exception no thread caught, so that a test can assert that hostile requests left no sign
 * of a fault.
 *
 * <p>slf4j-simple writes to whatever {@code System.err} is at the moment it logs, so a copy of
 * {@code System.err} sees our log; Undertow's and XNIO's reach it only through JBoss Logging's slf4j
 * provider, which the module's pom selects for Surefire and Failsafe ({@link #start()} selects it
 * too where nothing has chosen one yet, as in an IDE) and {@link #start()} checks is in use.
 * {@code System.err} and the default uncaught-exception handler belong to the whole JVM: use one
 * watch at a time, from tests that do not run in parallel.
 */
final class LogWatch implements AutoCloseable {

    private static final Pattern RECORD = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) ");
    private static final int MAX_KEPT_BYTES = 1024 * 1024;

    private final PrintStream originalErr;
    private final Thread.UncaughtExceptionHandler originalHandler;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());

    private LogWatch() {
        originalErr = System.err;
        originalHandler = Thread.getDefaultUncaughtExceptionHandler();
    }

    /**
     * Starts watching.
     *
     * @throws IllegalStateException if Undertow's log does not reach slf4j, where the watch cannot see it
     */
    static LogWatch start() {
        // Too late if JBoss Logging has chosen already, which the check below then reports; in time for an IDE run.
        System.getProperties().putIfAbsent("org.jboss.logging.provider", "slf4j");
        String undertowLogger = org.jboss.logging.Logger.getLogger("io.undertow").getClass().getSimpleName();
        if (!undertowLogger.startsWith("Slf4j")) {
            throw new IllegalStateException("Undertow logs through " + undertowLogger + ", not slf4j, so its errors would go unseen;"
                    + " run the tests with -Dorg.jboss.logging.provider=slf4j as the module's pom does");
        }
        LogWatch watch = new LogWatch();
        System.setErr(new PrintStream(new Tee(watch.originalErr, watch.copy), true, Charset.defaultCharset()));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> watch.uncaught.add("uncaught in " + thread.getName() + ": " + e));
        return watch;
    }

    /**
     * Every warning and error logged so far, each with the lines that follow it (its stack trace),
     * then every uncaught exception.
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String level = null;
        for (String line : logged().split("\\R")) {
            Matcher record = RECORD.matcher(line);
            if (record.find()) {
                level = record.group(1);
            }
            boolean serious = level == null || level.equals("WARN") || level.equals("ERROR");
            if (serious && !line.isBlank()) {
                problems.add(line);
            }
        }
        problems.addAll(uncaught);
        return problems;
    }

    private String logged() {
        synchronized (copy) {
            return copy.toString(Charset.defaultCharset());
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        Thread.setDefaultUncaughtExceptionHandler(originalHandler);
    }

    /** Writes through to the real stream and keeps a bounded copy. */
    private static final class Tee extends OutputStream {

        private final PrintStream out;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream out, ByteArrayOutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                int room = MAX_KEPT_BYTES - copy.size();
                copy.write(bytes, offset, Math.max(0, Math.min(room, length)));
            }
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
