package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run} against a Pebble that issues one-minute certificates: each certificate
 * is checked again when it becomes due, not at the twice-daily check, so that {@code live/}
 * never holds an expired one; and SIGHUP checks every lineage again at once. The assembled
 * launcher in its own process, with its own responder answering HTTP-01.
 */
@RequiresPebble
class RunShortLivedIT {

    /**
     * Short enough for a test to see several renewals, long enough that a busy machine does not
     * miss the half of it left when a certificate of under 10 days becomes due.
     */
    private static final Duration VALIDITY = Duration.ofSeconds(60);
    private static final List<String> NAMES = List.of("a.short.test", "b.short.test");

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.configured(builder -> builder.certificateValidity(VALIDITY));

    @TempDir
    Path home;

    @Test
    void keepsOneMinuteCertificatesValidRenewingEachWhenDueAndChecksAgainOnSighup() throws Exception {
        Path configDir = home.resolve("etc");
        Path file = home.resolve("certificates.yml");
        Files.writeString(file, """
                ca: %s
                ca_bundle: %s
                agree_tos: true
                config_dir: %s
                responder: {address: 127.0.0.1, port: %d}
                certificates:
                  - domains: [%s]
                    challenge: standalone
                  - domains: [%s]
                    challenge: standalone
                """.formatted(pebble.directoryUrl(), pebble.caBundle(), configDir, pebble.get().httpPort(),
                NAMES.get(0), NAMES.get(1)));

        List<String> expired = new CopyOnWriteArrayList<>();
        Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            sampler.scheduleAtFixedRate(() -> NAMES.forEach(name -> sample(configDir, name, expired, lastSeen)),
                    0, 1, TimeUnit.SECONDS);

            // issued, then renewed twice: three lifetimes at most, plus the start
            long deadline = System.nanoTime() + VALIDITY.multipliedBy(3).plusSeconds(30).toNanos();
            while (!NAMES.stream().allMatch(name -> has(run.out(), name + ": renewed, version 3"))) {
                assertThat(expired).as("expired certificates in live/\n" + run).isEmpty();
                assertThat(System.nanoTime()).as("each renewed twice in time\n" + run).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(expired).as("expired certificates in live/\n" + run).isEmpty();
            assertThat(lastSeen).as("live/ was sampled").containsOnlyKeys(NAMES);

            // Just renewed, the first is due half a lifetime later: a check now is SIGHUP's doing.
            String renewed = NAMES.get(0);
            int before = run.out().length();
            run.signal("HUP");
            long hupDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!NAMES.stream().allMatch(name -> checkedAfter(run.out(), before, name))) {
                assertThat(System.nanoTime()).as("SIGHUP checks every certificate again\n" + run).isLessThan(hupDeadline);
                Thread.sleep(100);
            }
            assertThat(run.out().substring(before)).contains("re-reading").contains(renewed + ": not due");

            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(expired).isEmpty();
    }

    private static boolean has(String out, String text) {
        return out.contains(text);
    }

    /** Whether the lineage was checked (found not due, or due and ordered) after a point of the log. */
    private static boolean checkedAfter(String out, int from, String name) {
        return Pattern.compile(Pattern.quote(name) + ": (not due|due for renewal)").matcher(out.substring(from)).find();
    }

    /** Reads the certificate under live/ as a server would, and notes it if it has expired. */
    private static void sample(Path configDir, String name, List<String> expired, Map<String, Instant> lastSeen) {
        Path cert = configDir.resolve("live").resolve(name).resolve("cert.pem");
        if (!Files.exists(cert)) {
            return; // not issued yet
        }
        try {
            X509Certificate leaf = Pem.readCertificates(Files.readString(cert)).get(0);
            Instant now = Instant.now();
            lastSeen.put(name, now);
            if (!now.isBefore(leaf.getNotAfter().toInstant())) {
                expired.add(name + " at " + now + ": serial " + leaf.getSerialNumber().toString(16) + " expired "
                        + leaf.getNotAfter().toInstant());
            }
        } catch (IOException | RuntimeException e) {
            expired.add(name + ": unreadable: " + e);
        }
    }
}
