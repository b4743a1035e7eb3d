package io.certkeeper.acme.store;

import io.certkeeper.acme.error.StoreBusyException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive ownership of a {@link CertificateStore} directory, against other processes and other
 * threads of this one; obtained from {@link CertificateStore#lock()} and released by
 * {@link #close()}.
 *
 * <p>The lock is an operating system lock on {@code <dir>/.certkeeper.lock}, so the system releases
 * it when the process dies; the file itself may stay. While held, the file starts with the holder's
 * PID, so that a waiting process can say who it is waiting for.
 *
 * <p>The file is opened without following a symbolic link, and never truncated: the PID is a
 * fixed-width field at the start of the file, padded with spaces, and overwritten with spaces on
 * release. Whoever could replace the file with a link to another file therefore gets neither
 * that file opened nor its content cut.
 *
 * <p>Not reentrant. Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class StoreLock implements AutoCloseable {

    private static final long POLL_MILLIS = 50;
    /** Wide enough for any PID Linux hands out (at most 2^22) and for those of other systems. */
    private static final int PID_WIDTH = 10;
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final Path file;
    private final ProcessLocks.Entry entry;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private StoreLock(Path file, ProcessLocks.Entry entry, FileChannel channel, FileLock lock) {
        this.file = file;
        this.entry = entry;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @param file the lock file, its directory given as a real path
     * @param timeout how long to wait for another holder
     * @throws StoreIOException if the lock is still held by another process or thread after the
     *         timeout (the message names the holder's PID), if the wait is interrupted, or if the
     *         lock file cannot be opened
     * @throws UntrustedPathException if the lock file is a symbolic link
     * @throws IllegalStateException if the calling thread already holds this lock
     */
    static StoreLock acquire(Path file, Duration timeout) throws StoreIOException, UntrustedPathException {
        ProcessLocks.Entry entry = ProcessLocks.forFile(file);
        if (entry.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds the lock " + file + "; it is not reentrant");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!entry.permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(file, "another thread of this process (PID " + ProcessHandle.current().pid() + ")", timeout);
            }
        } catch (InterruptedException e) {
            throw interrupted(file);
        }
        try {
            StoreLock acquired = lockFile(file, entry, deadline, timeout);
            entry.owner = Thread.currentThread();
            return acquired;
        } catch (StoreIOException | UntrustedPathException | RuntimeException e) {
            entry.permit.release();
            throw e;
        }
    }

    private static StoreLock lockFile(Path file, ProcessLocks.Entry entry, long deadline, Duration timeout)
            throws StoreIOException, UntrustedPathException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, OPEN, AtomicFiles.attributes(file, PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) { // O_NOFOLLOW refused it (ELOOP)
                throw new UntrustedPathException("Refusing the lock file " + file + ": it is a symbolic link, which the"
                        + " lock would write through; remove the link (rm " + file + ") and run again", file);
            }
            throw StoreIOException.of("Cannot open the lock file", file, e, "");
        }
        try {
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw busy(file, holder(channel), timeout);
                }
                Thread.sleep(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
            writePid(channel);
            return new StoreLock(file, entry, channel, lock);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            throw interrupted(file);
        } catch (IOException e) {
            closeQuietly(channel);
            throw StoreIOException.of("Cannot lock", file, e, "");
        } catch (StoreIOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The lock file.
     *
     * @return {@code <dir>/.certkeeper.lock}
     */
    public Path file() {
        return file;
    }

    /**
     * Releases the lock. Idempotent; never fails, because the operating system drops the lock with
     * the file descriptor anyway.
     */
    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        entry.owner = null;
        try {
            writeField(channel, ""); // a stale PID would mislead the next waiter
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock in any case.
        } finally {
            closeQuietly(channel);
            entry.permit.release();
        }
    }

    /**
     * Records the holder's PID for waiters to name. Best-effort: on a full disk the lock must still
     * work, for instance so that a half-switched lineage can be repaired.
     */
    private static void writePid(FileChannel channel) {
        try {
            writeField(channel, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            // waiters will say "another process" without a PID
        }
    }

    /**
     * Overwrites the PID field at the start of the file, padded with spaces, and ends it with a
     * newline. The file is never truncated: it keeps its size, or grows to the field's.
     */
    private static void writeField(FileChannel channel, String value) throws IOException {
        String field = String.format(java.util.Locale.ROOT, "%-" + PID_WIDTH + "s\n", value);
        ByteBuffer buffer = ByteBuffer.wrap(field.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
    }

    private static String holder(FileChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(PID_WIDTH + 1);
        try {
            channel.read(buffer, 0);
        } catch (IOException e) {
            return "another process";
        }
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,10}") ? "another process (PID " + pid + ")" : "another process";
    }

    private static StoreBusyException busy(Path file, String holder, Duration timeout) {
        return new StoreBusyException("The certificate store is locked by " + holder + ": " + file + " was still locked after "
                + timeout.toMillis() + " ms; wait for that run to finish and try again", file, null);
    }

    private static StoreIOException interrupted(Path file) {
        Thread.currentThread().interrupt();
        return new StoreIOException("Interrupted while waiting for the lock " + file, file,
                new InterruptedIOException("interrupted"));
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
