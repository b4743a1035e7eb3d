package io.certkeeper.acme.store;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * The part of a store lock that excludes threads of this JVM, one permit per lock file.
 *
 * <p>This is process-wide state on purpose. An operating system file lock belongs to the process,
 * not to a thread or a channel: {@code FileChannel.tryLock} cannot exclude another thread of the
 * same JVM, and on POSIX systems closing any channel to the file drops every lock the process holds
 * on it (see {@link java.nio.channels.FileLock}). So a thread must win this permit before it even
 * opens the lock file, whichever {@link CertificateStore} instance it goes through; then at most
 * one channel to a lock file is open in this JVM at any time.
 */
final class ProcessLocks {

    private static final ConcurrentMap<Path, Entry> ENTRIES = new ConcurrentHashMap<>();

    private ProcessLocks() {
    }

    /**
     * The entry for a lock file.
     *
     * @param lockFile the lock file's path with its directory resolved to a real path, so that two
     *        spellings of one directory share an entry
     */
    static Entry forFile(Path lockFile) {
        return ENTRIES.computeIfAbsent(lockFile, f -> new Entry());
    }

    /** A permit and the thread that holds it. */
    static final class Entry {
        final Semaphore permit = new Semaphore(1);
        volatile Thread owner;

        boolean isHeldByCurrentThread() {
            return owner == Thread.currentThread();
        }
    }
}
