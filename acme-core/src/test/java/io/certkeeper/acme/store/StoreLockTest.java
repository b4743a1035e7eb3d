package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.Fixtures.Issued;
import io.certkeeper.acme.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void anotherThreadWaitsThenFailsNamingThisProcess() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        try (StoreLock held = store.lock()) {
            long start = System.nanoTime();
            CompletableFuture<StoreLock> other = CompletableFuture.supplyAsync(() -> lockUnchecked(store));

            assertThatThrownBy(other::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StoreIOException.class)
                    .hasMessageContaining("locked by another thread of this process (PID " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining(held.file().toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        }
    }

    @Test
    void waiterGetsTheLockOnceReleased() throws Exception {
        CertificateStore store = new CertificateStore(dir, Duration.ofSeconds(30));
        StoreLock held = store.lock();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<StoreLock> other = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return lockUnchecked(store);
        });
        waiting.await();

        held.close();

        try (StoreLock taken = other.get(30, TimeUnit.SECONDS)) {
            assertThat(Files.readString(taken.file()).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void storesOnTheSameDirectoryShareOneLock() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        Files.createDirectories(dir.resolve("sub"));
        CertificateStore sameDirectoryOtherSpelling = new CertificateStore(dir.resolve("sub/.."), SHORT);
        try (StoreLock held = store.lock()) {
            CompletableFuture<StoreLock> other = CompletableFuture.supplyAsync(() -> lockUnchecked(sameDirectoryOtherSpelling));

            assertThatThrownBy(other::get).cause().isInstanceOf(StoreIOException.class);
        }
    }

    @Test
    void lockIsNotReentrant() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        try (StoreLock held = store.lock()) {
            assertThatThrownBy(store::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
        }
        store.lock().close(); // released, so free again
    }

    @Test
    void closeIsIdempotentAndClearsThePid() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        StoreLock lock = store.lock();
        assertThat(lock.file()).isEqualTo(dir.toRealPath().resolve(".certkeeper.lock"));
        assertThat(Files.readString(lock.file())).isEqualTo(String.format("%-10s\n", ProcessHandle.current().pid()));
        assertThat(Fixtures.mode(lock.file())).isEqualTo("rw-------");

        lock.close();
        lock.close();

        assertThat(Files.readString(lock.file())).isEqualTo(" ".repeat(10) + "\n");
    }

    /** A lock file is never cut: only the PID field at its start is overwritten, taking and releasing. */
    @Test
    void theLockFileIsNeverTruncated() throws Exception {
        Path file = dir.resolve(".certkeeper.lock");
        String tail = "root:x:0:0:root:/root:/bin/bash\n".repeat(100);
        Files.writeString(file, "x".repeat(11) + tail);
        CertificateStore store = new CertificateStore(dir, SHORT);

        try (StoreLock held = store.lock()) {
            assertThat(Files.readString(file)).isEqualTo(String.format("%-10s\n", ProcessHandle.current().pid()) + tail);
        }

        assertThat(Files.readString(file)).isEqualTo(" ".repeat(10) + "\n" + tail);
    }

    @Test
    void aLockFileThatIsASymbolicLinkIsRefusedAndItsTargetLeftAlone(@TempDir Path elsewhere) throws Exception {
        Path target = Files.writeString(elsewhere.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path link = Files.createSymbolicLink(dir.resolve(".certkeeper.lock"), target);
        CertificateStore store = new CertificateStore(dir, SHORT);

        assertThatThrownBy(store::lock)
                .isInstanceOf(UntrustedPathException.class)
                .hasMessage("Refusing the lock file " + dir.toRealPath().resolve(".certkeeper.lock") + ": it is a symbolic link,"
                        + " which the lock would write through; remove the link (rm " + dir.toRealPath().resolve(".certkeeper.lock")
                        + ") and run again");
        assertThat(target).hasContent("root:x:0:0:root:/root:/bin/bash");
        assertThat(Files.size(target)).isEqualTo(32);

        Files.delete(link);
        store.lock().close(); // the refusal released this process's hold on the lock
    }

    @Test
    void saveUnderTheCallersLockAndSaveFromAnotherThreadWaits() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        Issued issued = issue("a.example.com");
        try (StoreLock held = store.lock()) {
            assertThat(store.find("a.example.com")).isEmpty();
            assertThat(store.save("a.example.com", issued.key().getPrivate(), issued.chain()).version()).isEqualTo(1);

            CompletableFuture<Lineage> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.save("a.example.com", issued.key().getPrivate(), issued.chain());
                } catch (CertkeeperException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(other::get).cause().cause().isInstanceOf(StoreIOException.class);
        }
        assertThat(store.save("a.example.com", issued.key().getPrivate(), issued.chain()).version()).isEqualTo(2);
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedByItsPid() throws Exception {
        CertificateStore store = new CertificateStore(dir, SHORT);
        Process child = ChildJvm.start(List.of(), StoreProbe.class, "hold-lock", dir.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(store::lock)
                    .isInstanceOf(StoreIOException.class)
                    .hasMessageContaining("locked by another process (PID " + child.pid() + ")")
                    .hasMessageContaining("wait for that run to finish");

            child.getOutputStream().close(); // lets the child release the lock and exit
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            store.lock().close();
        } finally {
            child.destroyForcibly();
        }
    }

    private static StoreLock lockUnchecked(CertificateStore store) {
        try {
            return store.lock();
        } catch (CertkeeperException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
