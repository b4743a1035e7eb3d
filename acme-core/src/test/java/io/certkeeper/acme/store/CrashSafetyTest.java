package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each test lays out on disk what a crash at some point of a save leaves behind (the order of
 * operations is the one {@link CertificateStore#save} documents) and checks that the store still
 * serves a complete certificate and that the next save switches cleanly.
 */
class CrashSafetyTest {

    private static final String NAME = "a.example.com";

    @TempDir
    Path dir;

    private CertificateStore store;
    private Issued first;
    private Path archive;
    private Path live;

    @BeforeEach
    void saveVersionOne() throws Exception {
        store = new CertificateStore(dir);
        first = issue(NAME);
        store.save(NAME, first.key().getPrivate(), first.chain());
        archive = dir.resolve("archive").resolve(NAME);
        live = dir.resolve("live").resolve(NAME);
    }

    @Test
    void crashAfterArchiveBeforeAnyLinkKeepsServingVersionOne() throws Exception {
        Issued crashed = issue(NAME);
        writeArchiveVersion(2, crashed);
        // a link made under its temporary name but never renamed, and a half-written temporary file
        Files.createSymbolicLink(live.resolve(".certkeeper-tmp-cert.pem.x1"), Path.of("../../archive", NAME, "cert2.pem"));
        Files.writeString(archive.resolve(".certkeeper-tmp-privkey3.pem.x2"), "-----BEGIN PRIV");
        Map<String, String> archiveBefore = contents(archive);

        Lineage found = store.find(NAME).orElseThrow();

        assertThat(found.version()).isEqualTo(1);
        assertThat(found.leaf()).isEqualTo(first.leaf());
        assertThat(Pem.matches(Pem.readPrivateKey(found.privkeyPath()), Pem.readCertificates(found.certPath()).get(0)
                .getPublicKey())).isTrue();

        Issued next = issue(NAME);
        Lineage saved = store.save(NAME, next.key().getPrivate(), next.chain());

        assertThat(saved.version()).isEqualTo(3);
        assertLinksPointTo(3);
        assertThat(store.find(NAME).orElseThrow().leaf()).isEqualTo(next.leaf());
        Map<String, String> archiveAfter = contents(archive);
        archiveBefore.keySet().removeIf(f -> f.startsWith(".certkeeper-tmp-"));
        assertThat(archiveAfter).containsAllEntriesOf(archiveBefore);
        assertThat(Fixtures.temporaries(dir)).isEmpty();
    }

    @Test
    void crashHalfWayThroughTheArchiveKeepsServingVersionOne() throws Exception {
        Issued crashed = issue(NAME);
        Files.writeString(archive.resolve("cert2.pem"), Pem.encodeCertificates(crashed.chain().subList(0, 1)));
        Files.writeString(archive.resolve("privkey2.pem"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49");

        assertThat(store.find(NAME).orElseThrow().version()).isEqualTo(1);

        Issued next = issue(NAME);
        assertThat(store.save(NAME, next.key().getPrivate(), next.chain()).version()).isEqualTo(3);
        assertThat(Files.readString(archive.resolve("privkey2.pem"))).endsWith("MIGHAgEAMBMGByqGSM49");
        assertLinksPointTo(3);
    }

    @Test
    void crashBetweenLinkSwitchesIsCompletedByTheNextFind() throws Exception {
        Issued second = issue(NAME);
        writeArchiveVersion(2, second);
        relink("cert.pem", "cert2.pem");
        relink("chain.pem", "chain2.pem");

        Lineage found = store.find(NAME).orElseThrow();

        assertThat(found.version()).isEqualTo(2);
        assertThat(found.leaf()).isEqualTo(second.leaf());
        assertLinksPointTo(2);
        assertThat(Pem.matches(Pem.readPrivateKey(found.privkeyPath()), found.leaf().getPublicKey())).isTrue();
    }

    /**
     * A crash between two renames of the switch leaves the first links of
     * {@link LineageFiles#SWITCH_ORDER} at the new version. What nginx loads, {@code fullchain.pem}
     * with {@code privkey.pem}, stays a matching pair except after the third rename, when the
     * certificate is new and the key old: the one window four links leave, until a find repairs it.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void whatAWebServerSeesAfterACrashAtEachPointOfTheSwitch(int switched) throws Exception {
        Issued second = issue(NAME);
        writeArchiveVersion(2, second);
        for (Kind kind : LineageFiles.SWITCH_ORDER.subList(0, switched)) {
            relink(kind.liveFileName(), kind.archiveFileName(2));
        }

        assertThat(servedPairMatches()).as("fullchain.pem and privkey.pem match").isEqualTo(switched < 3);

        assertThat(store.find(NAME).orElseThrow().leaf()).isEqualTo(second.leaf());
        assertLinksPointTo(2);
        assertThat(servedPairMatches()).isTrue();
    }

    @Test
    void halfLinkedVersionThatIsIncompleteIsRolledBack() throws Exception {
        Issued second = issue(NAME);
        writeArchiveVersion(2, second);
        Files.delete(archive.resolve("privkey2.pem"));
        relink("cert.pem", "cert2.pem");

        Lineage found = store.find(NAME).orElseThrow();

        assertThat(found.version()).isEqualTo(1);
        assertLinksPointTo(1);
    }

    @Test
    void interruptedFirstSaveLooksAbsentAndIsNotOverwritten() throws Exception {
        Path other = dir.resolve("archive/b.example.com");
        Files.createDirectories(other);
        Files.createDirectories(dir.resolve("live/b.example.com"));
        Issued crashed = issue("b.example.com");
        Files.writeString(other.resolve("cert1.pem"), Pem.encodeCertificates(crashed.chain().subList(0, 1)));
        String leftover = Files.readString(other.resolve("cert1.pem"));

        assertThat(store.find("b.example.com")).isEmpty();

        Issued fresh = issue("b.example.com");
        Lineage saved = store.save("b.example.com", fresh.key().getPrivate(), fresh.chain());
        assertThat(saved.version()).isEqualTo(2);
        assertThat(Files.readString(other.resolve("cert1.pem"))).isEqualTo(leftover);
        assertThat(store.find("b.example.com").orElseThrow().leaf()).isEqualTo(fresh.leaf());
    }

    @Test
    void failedArchiveWriteLeavesVersionOneAndNoLeftovers() throws Exception {
        FileAttributes.assumeImmutableSupported(archive);
        Issued second = issue(NAME);
        try (FileAttributes.Immutable frozen = FileAttributes.immutable(archive)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(NAME, second.key().getPrivate(), second.chain()))
                    .isInstanceOf(io.certkeeper.acme.error.StoreIOException.class)
                    .hasMessageStartingWith("Cannot write " + archive.resolve("cert2.pem") + ": operation not permitted")
                    .hasMessageEndingWith("(the certificate in place was not changed)");
        }
        assertLinksPointTo(1);
        assertThat(store.find(NAME).orElseThrow().leaf()).isEqualTo(first.leaf());
        assertThat(Fixtures.temporaries(dir)).isEmpty();
        assertThat(store.save(NAME, second.key().getPrivate(), second.chain()).version()).isEqualTo(2);
    }

    @Test
    void failedLinkSwitchKeepsACompleteVersionServed() throws Exception {
        FileAttributes.assumeImmutableSupported(live);
        Issued second = issue(NAME);
        try (FileAttributes.Immutable frozen = FileAttributes.immutable(live)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(NAME, second.key().getPrivate(), second.chain()))
                    .isInstanceOf(io.certkeeper.acme.error.StoreIOException.class)
                    .hasMessageContaining("Cannot update the link " + live.resolve("chain.pem"))
                    .hasMessageContaining("completes the switch to version 2");
            assertThat(store.find(NAME).orElseThrow().version()).isEqualTo(1);
        }
        Issued third = issue(NAME);
        assertThat(store.save(NAME, third.key().getPrivate(), third.chain()).version()).isEqualTo(3);
        assertLinksPointTo(3);
    }

    private void writeArchiveVersion(int version, Issued issued) throws IOException {
        Files.writeString(archive.resolve("cert" + version + ".pem"), Pem.encodeCertificates(issued.chain().subList(0, 1)));
        Files.writeString(archive.resolve("chain" + version + ".pem"), Pem.encodeCertificates(issued.chain().subList(1, 2)));
        Files.writeString(archive.resolve("fullchain" + version + ".pem"), Pem.encodeCertificates(issued.chain()));
        Files.writeString(archive.resolve("privkey" + version + ".pem"), Pem.encodePrivateKey(issued.key().getPrivate()));
    }

    private boolean servedPairMatches() throws IOException {
        return Pem.matches(Pem.readPrivateKey(live.resolve("privkey.pem")),
                Pem.readCertificates(live.resolve("fullchain.pem")).get(0).getPublicKey());
    }

    private void relink(String link, String target) throws IOException {
        Files.delete(live.resolve(link));
        Files.createSymbolicLink(live.resolve(link), Path.of("../../archive", NAME, target));
    }

    private void assertLinksPointTo(int version) throws IOException {
        for (String kind : List.of("cert", "chain", "fullchain", "privkey")) {
            assertThat(Files.readSymbolicLink(live.resolve(kind + ".pem")))
                    .hasToString("../../archive/" + NAME + "/" + kind + version + ".pem");
        }
    }

    private static Map<String, String> contents(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var entries = Files.list(directory)) {
            for (Path file : entries.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
