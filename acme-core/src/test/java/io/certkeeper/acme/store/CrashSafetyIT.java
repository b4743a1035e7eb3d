package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that saves certificates in a loop ({@link SaveLoop}) with SIGKILL at random
 * moments, {@value #KILLS} times, a new child JVM each time, and checks after every kill what a web
 * server and the next run of certkeeper find.
 *
 * <p>Before the store is opened, the {@code live/} links are read as nginx would read them: every
 * link resolves into {@code archive/}, never to a temporary file; if all four agree, the key
 * matches the certificate and the chain verifies against the test root. Links that disagree (a
 * kill between two renames of the switch) are counted and checked too: only two versions, the
 * newer one on a prefix of {@link LineageFiles#SWITCH_ORDER}, both complete in the archive.
 * Such a state can pair {@code fullchain.pem} with an older {@code privkey.pem}, which nginx would
 * refuse to load until certkeeper next opens the lineage; that is certbot's layout, and the count
 * is printed. Then a fresh {@link CertificateStore} must find the newest linked version, repaired,
 * matching and verifying, and list just that lineage.
 *
 * <p>The seed of the delays is printed; {@code -Dcertkeeper.crash.seed=N} repeats it (the child
 * processes' timing still varies). {@code Process.destroyForcibly()} sends SIGKILL on Linux, which
 * the exit status 137 (128 + 9) of every child confirms.
 */
class CrashSafetyIT {

    private static final String NAME = "crash.example.test";
    private static final int KILLS = 200;
    /** A fresh store every so many kills, so that first saves are interrupted too. */
    private static final int KILLS_PER_STORE = 20;
    private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /** Children warming up while one is being killed and checked; JVM start-up is the slow part. */
    private static final int CHILDREN_AHEAD = 2;
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;

    private final List<Issued> pairs = List.of(issue(NAME), issue(NAME), issue(NAME));
    private int childrenStarted;

    @Test
    @Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
    void everyKillLeavesAMatchingVerifiedCertificateServed() throws Exception {
        long seed = Long.getLong("certkeeper.crash.seed", System.nanoTime());
        System.out.println("CrashSafetyIT: seed " + seed + " (repeat with -Dcertkeeper.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        long start = System.nanoTime();
        List<String> pairFiles = writePairs();
        QuickStart quick = QuickStart.prepare(Files.createDirectory(dir.resolve("jvm")), SaveLoop.class,
                childArguments(pairFiles));
        Tally tally = new Tally();
        Deque<Process> ahead = new ArrayDeque<>();
        try {
            Path store = null;
            int served = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                if (kill % KILLS_PER_STORE == 0) {
                    store = dir.resolve("store-" + kill / KILLS_PER_STORE);
                    served = 0;
                }
                while (ahead.size() <= CHILDREN_AHEAD) {
                    ahead.add(quick.start(SaveLoop.class, childArguments(pairFiles)));
                }
                Process child = ahead.remove();
                try {
                    long waitStart = System.nanoTime();
                    awaitLine(child, "ready");
                    tally.waitingNanos += System.nanoTime() - waitStart;
                    Writer stdin = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                    stdin.write("go " + store + "\n");
                    stdin.flush();
                    awaitLine(child, "writing");
                    LockSupport.parkNanos(random.nextLong(MAX_DELAY_NANOS));
                    assertThat(child.isAlive()).as(() -> "child still saving when killed: " + output(child)).isTrue();
                    tally.childCpuNanos += child.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
                } finally {
                    child.destroyForcibly();
                }
                assertThat(child.waitFor()).as("exit status of a child killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
                long checkStart = System.nanoTime();
                served = check(store, served, tally);
                if (served == 0) {
                    // The first kill of each store interrupts a first save; the others a renewal.
                    Issued first = pairs.get(0);
                    served = new CertificateStore(store).save(NAME, first.key().getPrivate(), first.chain()).version();
                }
                tally.checkingNanos += System.nanoTime() - checkStart;
            }
        } finally {
            for (Process child : ahead) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // before the temporary directory goes
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("CrashSafetyIT: " + KILLS + " kills in " + took.toMillis() + " ms"
                + (quick.archived() ? "" : " (children without a class-data archive)") + ": " + tally);
        assertThat(tally.interruptedSaves).as("kills that fell inside a save: " + tally).isPositive();
    }

    /**
     * Checks one store after a kill, first as a web server sees it, then through a new store.
     *
     * @param served the version a store found after the previous kill, 0 for none
     * @return the version found now, 0 for none
     */
    private int check(Path store, int served, Tally tally) throws Exception {
        LiveLinks before = LiveLinks.read(store, NAME);
        boolean interrupted = Files.exists(store) && !Fixtures.temporaries(store).isEmpty();
        if (interrupted) {
            tally.temporariesLeft++; // the reads below must pass them over
        }
        if (before.isAbsent()) {
            assertThat(served).as("a certificate once served never disappears").isZero();
            tally.noCertificateYet++;
        } else if (before.isConsistent()) {
            assertThat(before.newest()).as("served version, never older than before").isGreaterThanOrEqualTo(served);
            assertServedFilesMatch(store, "as nginx reads it");
            tally.consistent++;
        } else {
            interrupted = true;
            TreeSet<Integer> linked = new TreeSet<>(before.versions().values());
            assertThat(linked).as("versions linked: " + before).hasSizeLessThanOrEqualTo(2);
            assertThat(linked.first()).as("oldest linked version").isGreaterThanOrEqualTo(served);
            List<Kind> switched = before.atNewest();
            assertThat(switched).as("links switched to the newest version, in switch order: " + before)
                    .isEqualTo(LineageFiles.SWITCH_ORDER.subList(0, switched.size()));
            for (int version : linked) {
                assertArchiveVersionComplete(store, version);
            }
            if (before.versions().size() < Kind.values().length) {
                assertThat(served).as("only a first save leaves links missing: " + before).isZero();
                tally.firstSaveHalfLinked++;
            } else {
                tally.halfSwitched++;
                if (!servedPairMatches(store)) {
                    tally.nginxWouldRefuse++;
                }
            }
        }
        interrupted |= archivedAbove(store, before.isAbsent() ? 0 : before.newest());

        CertificateStore reopened = new CertificateStore(store);
        if (before.isAbsent()) {
            assertThat(reopened.find(NAME)).isEmpty();
            assertThat(reopened.list()).isEmpty();
        } else {
            Lineage found = reopened.find(NAME).orElseThrow();
            assertThat(found.version()).as("the newest linked version, complete").isEqualTo(before.newest());
            assertThat(Pem.matches(found.privateKey(), found.leaf().getPublicKey())).isTrue();
            assertThat(pairs.stream().map(Issued::leaf)).contains(found.leaf());
            verifyChain(found.certificates());
            LiveLinks after = LiveLinks.read(store, NAME);
            assertThat(after.isConsistent()).as("links after find: " + after).isTrue();
            assertThat(after.newest()).isEqualTo(found.version());
            assertServedFilesMatch(store, "after find");
            assertThat(reopened.list()).extracting(Lineage::name).containsExactly(NAME);
            Path key = store.resolve("archive").resolve(NAME).resolve(Kind.PRIVKEY.archiveFileName(found.version()));
            assertThat(Fixtures.mode(key)).isEqualTo("rw-------");
        }
        if (interrupted) {
            tally.interruptedSaves++;
        }
        return before.isAbsent() ? 0 : before.newest();
    }

    /** What nginx loads: {@code fullchain.pem} and {@code privkey.pem}, plus the other two links. */
    private void assertServedFilesMatch(Path store, String when) throws Exception {
        Path live = store.resolve("live").resolve(NAME);
        List<X509Certificate> fullchain = Pem.readCertificates(live.resolve("fullchain.pem"));
        assertThat(servedPairMatches(store)).as("privkey.pem matches fullchain.pem " + when).isTrue();
        assertThat(Pem.readCertificates(live.resolve("cert.pem"))).containsExactly(fullchain.get(0));
        assertThat(Pem.readCertificates(live.resolve("chain.pem"))).isEqualTo(fullchain.subList(1, fullchain.size()));
        verifyChain(fullchain);
    }

    private static boolean servedPairMatches(Path store) throws IOException {
        Path live = store.resolve("live").resolve(NAME);
        PrivateKey key = Pem.readPrivateKey(live.resolve("privkey.pem"));
        return Pem.matches(key, Pem.readCertificates(live.resolve("fullchain.pem")).get(0).getPublicKey());
    }

    private static void assertArchiveVersionComplete(Path store, int version) throws IOException {
        Path archive = store.resolve("archive").resolve(NAME);
        List<X509Certificate> fullchain = Pem.readCertificates(archive.resolve(Kind.FULLCHAIN.archiveFileName(version)));
        assertThat(fullchain).as("fullchain%d.pem", version).isNotEmpty();
        assertThat(Pem.matches(Pem.readPrivateKey(archive.resolve(Kind.PRIVKEY.archiveFileName(version))),
                fullchain.get(0).getPublicKey())).as("privkey%d.pem matches", version).isTrue();
        assertThat(Pem.readCertificates(archive.resolve(Kind.CERT.archiveFileName(version)))).containsExactly(fullchain.get(0));
    }

    /** Whether the archive holds files of a version above the one linked: a kill while writing or before linking. */
    private static boolean archivedAbove(Path store, int version) throws IOException {
        Path archive = store.resolve("archive").resolve(NAME);
        if (!Files.isDirectory(archive)) {
            return false;
        }
        try (var files = Files.list(archive)) {
            return files.anyMatch(f -> Kind.anyVersionOf(f.getFileName().toString()).orElse(0) > version);
        }
    }

    private static void verifyChain(List<X509Certificate> chain) throws Exception {
        X509Certificate root = Fixtures.PKI.caCertificate();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private List<String> writePairs() throws IOException {
        Path dirOfPairs = Files.createDirectory(dir.resolve("pairs"));
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Issued pair = pairs.get(i);
            Path key = Files.writeString(dirOfPairs.resolve("key" + i + ".pem"), Pem.encodePrivateKey(pair.key().getPrivate()));
            Path chain = Files.writeString(dirOfPairs.resolve("chain" + i + ".pem"), Pem.encodeCertificates(pair.chain()));
            arguments.add(key.toString());
            arguments.add(chain.toString());
        }
        return arguments;
    }

    private String[] childArguments(List<String> pairFiles) {
        List<String> arguments = new ArrayList<>();
        arguments.add(dir.resolve("warm-up").resolve("child-" + childrenStarted++).toString());
        arguments.add(NAME);
        arguments.addAll(pairFiles);
        return arguments.toArray(String[]::new);
    }

    /**
     * Reads the child's output up to a line, byte by byte, since a buffering reader could swallow
     * what comes after it. Lines before it, such as a warning of the JVM, are skipped.
     */
    private static void awaitLine(Process child, String expected) throws IOException {
        InputStream in = child.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            for (b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            if (line.toString().equals(expected)) {
                return;
            }
            seen.append(line).append('\n');
            if (b == -1) {
                throw new AssertionError("the child ended before it said '" + expected + "'; it said:\n" + seen);
            }
        }
    }

    private static String output(Process child) {
        if (child.isAlive()) {
            return "(still running)";
        }
        try {
            return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** What the kills left behind, for the summary line. */
    private static final class Tally {
        int consistent;
        int halfSwitched;
        int nginxWouldRefuse;
        int firstSaveHalfLinked;
        int noCertificateYet;
        int interruptedSaves;
        int temporariesLeft;
        long waitingNanos;
        long checkingNanos;
        long childCpuNanos;

        @Override
        public String toString() {
            return "links consistent " + consistent + ", half-switched " + halfSwitched + " (of which fullchain.pem and "
                    + "privkey.pem of different versions " + nginxWouldRefuse + "), first save half-linked "
                    + firstSaveHalfLinked + ", no certificate yet " + noCertificateYet + "; kills inside a save "
                    + interruptedSaves + ", of which left temporary files " + temporariesLeft + "; waited for children "
                    + waitingNanos / 1_000_000 + " ms, checked " + checkingNanos / 1_000_000 + " ms; CPU per child "
                    + childCpuNanos / KILLS / 1_000_000 + " ms";
        }
    }
}
