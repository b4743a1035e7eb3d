package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.testing.TestPki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long {@link CertificateManager#ensure} holds the store lock: with {@link LockScope#SAVE},
 * orders for two lineages of one store are in flight at the same time; with
 * {@link LockScope#ORDER}, one waits for the other.
 */
class CertificateManagerLockScopeTest {

    private static final TestPki PKI = new TestPki("lock scope test CA");

    @TempDir
    Path dir;

    /** An issuer that waits until both orders are inside it, as a slow CA would keep them. */
    private static Issuer meetingAt(CyclicBarrier barrier) {
        return (request, current) -> {
            try {
                barrier.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException | java.util.concurrent.BrokenBarrierException | TimeoutException e) {
                throw new io.certkeeper.acme.error.CertkeeperException("the other order never came in: " + e);
            }
            KeyPair key = KeySpec.EC_P256.generate();
            Instant now = Instant.now();
            return new IssuedCertificate(key, List.of(PKI.issue(key, now.minusSeconds(60), now.plus(Duration.ofDays(90)),
                    request.domains().get(0).value()), PKI.caCertificate()));
        };
    }

    private List<Future<EnsureResult>> ensureTwo(LockScope scope, Issuer issuer, ExecutorService pool) {
        CertificateManager manager = new CertificateManager(new CertificateStore(dir, Duration.ofSeconds(10)),
                new RenewalPolicy(Clock.systemUTC()), IssuanceListener.NONE, scope);
        return List.of("a.example.com", "b.example.com").stream().map(name -> pool.submit(() ->
                manager.ensure(new CertificateRequest(name, List.of(DomainName.of(name)), KeySpec.EC_P256), Optional.empty(),
                        false, issuer))).toList();
    }

    @Test
    void withSaveScopeTwoLineagesAreOrderedAtTheSameTime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<EnsureResult> result : ensureTwo(LockScope.SAVE, meetingAt(new CyclicBarrier(2)), pool)) {
                assertThat(result.get(10, TimeUnit.SECONDS).action()).isEqualTo(EnsureAction.ISSUED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new CertificateStore(dir).list()).hasSize(2);
    }

    @Test
    void withOrderScopeTheSecondWaitsForTheFirst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int failed = 0;
        try {
            for (Future<EnsureResult> result : ensureTwo(LockScope.ORDER, meetingAt(new CyclicBarrier(2)), pool)) {
                try {
                    result.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("the other order never came in");
                    failed++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // The first gave up waiting inside the issuer; the second got the lock only then, too late to meet it.
        assertThat(failed).as("the orders never met inside the issuer: the lock held them apart").isEqualTo(2);
    }
}
