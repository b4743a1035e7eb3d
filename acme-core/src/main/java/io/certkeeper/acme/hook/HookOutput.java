package io.certkeeper.acme.hook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads one output stream of a hook on its own thread until the end: hands each line to a logger
 * as it arrives, and keeps the last {@code limit} bytes. Memory stays bounded whatever the hook
 * prints: a line longer than {@link #LINE_LIMIT} bytes is logged cut short.
 *
 * <p>Thread-safe: the reading thread appends while others may take {@link #text()}.
 */
final class HookOutput implements Runnable {

    /** The longest line logged as it is; the rest of a longer line is dropped from the log. */
    static final int LINE_LIMIT = 4096;

    private final InputStream in;
    private final Consumer<String> lines;
    private final byte[] tail;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean lineCut;
    private int next;
    private long total;

    private HookOutput(InputStream in, int limit, Consumer<String> lines) {
        this.in = in;
        this.tail = new byte[limit];
        this.lines = lines;
    }

    /**
     * Starts reading a stream on a daemon thread.
     *
     * @param in the stream; closed at its end
     * @param limit how many bytes to keep, the last ones
     * @param lines receives each non-blank line, without its line break
     * @param threadName the reading thread's name
     * @return the running reader
     */
    static HookOutput start(InputStream in, int limit, Consumer<String> lines, String threadName) {
        HookOutput output = new HookOutput(in, limit, lines);
        Thread thread = new Thread(output, threadName);
        // A process the hook left running may hold the stream open for a long time; never keep the JVM up for it.
        thread.setDaemon(true);
        thread.start();
        return output;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                keep(buffer, n);
                split(buffer, n);
            }
        } catch (IOException e) {
            // The stream was closed under the reader because the process is gone; what was read is kept.
        } finally {
            endLine();
            ended.countDown();
        }
    }

    /**
     * Waits for the end of the stream.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if the stream ended, {@code false} if something still holds it open
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What was kept so far, decoded as UTF-8 (a malformed sequence becomes U+FFFD).
     *
     * @return the last {@code limit} bytes read
     */
    synchronized String text() {
        byte[] kept;
        if (total <= tail.length) {
            kept = Arrays.copyOf(tail, (int) total);
        } else {
            kept = new byte[tail.length];
            System.arraycopy(tail, next, kept, 0, tail.length - next);
            System.arraycopy(tail, 0, kept, tail.length - next, next);
        }
        return new String(kept, StandardCharsets.UTF_8);
    }

    /**
     * Whether more was read than kept.
     *
     * @return {@code true} if the start of the output was dropped
     */
    synchronized boolean truncated() {
        return total > tail.length;
    }

    private synchronized void keep(byte[] buffer, int length) {
        total += length;
        int offset = 0;
        int remaining = length;
        if (remaining >= tail.length) {
            offset = remaining - tail.length;
            remaining = tail.length;
        }
        int first = Math.min(remaining, tail.length - next);
        System.arraycopy(buffer, offset, tail, next, first);
        System.arraycopy(buffer, offset + first, tail, 0, remaining - first);
        next = (next + remaining) % tail.length;
    }

    private void split(byte[] buffer, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                endLine();
                start = i + 1;
            }
        }
        append(buffer, start, length - start);
    }

    private void append(byte[] buffer, int offset, int length) {
        int room = LINE_LIMIT - line.size();
        if (length > room) {
            lineCut = true;
        }
        line.write(buffer, offset, Math.min(length, Math.max(room, 0)));
    }

    private void endLine() {
        String text = new String(line.toByteArray(), StandardCharsets.UTF_8).stripTrailing();
        if (!text.isBlank()) {
            lines.accept(lineCut ? text + " …" : text);
        }
        line.reset();
        lineCut = false;
    }
}
