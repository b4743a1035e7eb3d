package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static io.certkeeper.acme.store.Fixtures.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateStoreTest {

    @TempDir
    Path dir;

    private CertificateStore store() {
        return new CertificateStore(dir.resolve("letsencrypt"));
    }

    @Test
    void saveWritesCertbotLayoutWithRelativeLinks() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com", "www.a.example.com");

        Lineage lineage = store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        Path root = store.directory();
        Path live = root.resolve("live/a.example.com");
        assertThat(lineage.version()).isEqualTo(1);
        assertThat(lineage.liveDirectory()).isEqualTo(live);
        assertThat(Files.readSymbolicLink(live.resolve("cert.pem"))).hasToString("../../archive/a.example.com/cert1.pem");
        assertThat(Files.readSymbolicLink(live.resolve("chain.pem"))).hasToString("../../archive/a.example.com/chain1.pem");
        assertThat(Files.readSymbolicLink(live.resolve("fullchain.pem")))
                .hasToString("../../archive/a.example.com/fullchain1.pem");
        assertThat(Files.readSymbolicLink(live.resolve("privkey.pem")))
                .hasToString("../../archive/a.example.com/privkey1.pem");
        assertThat(live.resolve("README")).isRegularFile();

        assertThat(Pem.readCertificates(lineage.certPath())).containsExactly(issued.leaf());
        assertThat(Pem.readCertificates(lineage.chainPath())).containsExactlyElementsOf(issued.chain().subList(1, 2));
        assertThat(Pem.readCertificates(lineage.fullchainPath())).containsExactlyElementsOf(issued.chain());
        assertThat(Files.readString(lineage.privkeyPath())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.matches(Pem.readPrivateKey(lineage.privkeyPath()), issued.leaf().getPublicKey())).isTrue();
        assertThat(Fixtures.temporaries(root)).isEmpty();
    }

    @Test
    void keysAndDirectoriesAreClosedToOthers() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");

        store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        Path root = store.directory();
        assertThat(mode(root.resolve("archive/a.example.com/privkey1.pem"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("archive/a.example.com/fullchain1.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("archive"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("live"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("archive/a.example.com"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("live/a.example.com"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void secondSaveAddsVersionTwoAndKeepsVersionOne() throws Exception {
        CertificateStore store = store();
        Issued first = issue("a.example.com");
        Issued second = issue("a.example.com");
        store.save("a.example.com", first.key().getPrivate(), first.chain());

        Lineage saved = store.save("a.example.com", second.key().getPrivate(), second.chain());

        Path archive = store.directory().resolve("archive/a.example.com");
        assertThat(saved.version()).isEqualTo(2);
        assertThat(Files.readSymbolicLink(saved.fullchainPath())).hasToString("../../archive/a.example.com/fullchain2.pem");
        assertThat(Pem.readCertificates(saved.certPath())).containsExactly(second.leaf());
        assertThat(Pem.readCertificates(archive.resolve("cert1.pem"))).containsExactly(first.leaf());
        assertThat(Pem.matches(Pem.readPrivateKey(archive.resolve("privkey1.pem")), first.leaf().getPublicKey())).isTrue();

        Lineage found = store.find("a.example.com").orElseThrow();
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.leaf()).isEqualTo(second.leaf());
        assertThat(found).isEqualTo(saved);
    }

    @Test
    void findReadsWhatSaveWrote() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com", "b.example.com");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        Lineage lineage = new CertificateStore(store.directory()).find("a.example.com").orElseThrow();

        assertThat(lineage.name()).isEqualTo("a.example.com");
        assertThat(lineage.certificates()).containsExactlyElementsOf(issued.chain());
        assertThat(lineage.names()).containsExactly("a.example.com", "b.example.com");
        assertThat(lineage.notAfter()).isEqualTo(issued.leaf().getNotAfter().toInstant());
        assertThat(Pem.matches(lineage.privateKey(), lineage.leaf().getPublicKey())).isTrue();
        assertThat(lineage.toString()).contains("a.example.com").doesNotContain("PRIVATE").doesNotContain("private");
    }

    @Test
    void aLineageTellsItsIpAddressesApartFromItsDnsNames() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com", "192.0.2.10", "2001:db8::1");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        Lineage lineage = store.find("a.example.com").orElseThrow();

        assertThat(lineage.names()).containsExactly("a.example.com");
        assertThat(lineage.ipAddresses()).containsExactly(InetAddress.getByName("192.0.2.10"),
                InetAddress.getByName("2001:db8::1"));
        assertThat(lineage.toString()).contains("ipAddresses=[192.0.2.10, 2001:db8:0:0:0:0:0:1]");
    }

    @Test
    void rsaKeysAreStoredToo() throws Exception {
        CertificateStore store = store();
        var key = KeySpec.RSA_2048.generate();
        var leaf = Fixtures.PKI.issue(key, java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600), "r.example.com");

        store.save("r.example.com", key.getPrivate(), List.of(leaf));

        Lineage lineage = store.find("r.example.com").orElseThrow();
        assertThat(lineage.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(Files.size(lineage.chainPath())).isZero();
    }

    @Test
    void absentLineageIsEmpty() throws Exception {
        assertThat(store().find("a.example.com")).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void listReturnsLineagesByNameAndSkipsOtherEntries() throws Exception {
        CertificateStore store = store();
        Issued b = issue("b.example.com");
        Issued a = issue("a.example.com");
        store.save("b.example.com", b.key().getPrivate(), b.chain());
        store.save("a.example.com", a.key().getPrivate(), a.chain());
        Files.writeString(store.directory().resolve("live/README"), "certbot writes this");

        assertThat(store.list()).extracting(Lineage::name).containsExactly("a.example.com", "b.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "a..b", "../etc", "a/b", ".hidden", "-dash", "_under", "a b", "a\\b", "é.example.com",
            "a\u0000b"})
    void invalidNamesAreRefused(String name) {
        Issued issued = issue("a.example.com");
        CertificateStore store = store();

        assertThatThrownBy(() -> store.find(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid certificate name");
        assertThatThrownBy(() -> store.save(name, issued.key().getPrivate(), issued.chain()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.directory()).doesNotExist();
    }

    @Test
    void nameLengthIsLimitedTo255() {
        assertThat(Lineage.isValidName("a".repeat(255))).isTrue();
        assertThat(Lineage.isValidName("a".repeat(256))).isFalse();
        assertThat(Lineage.isValidName("example.com-0001")).isTrue();
        assertThat(Lineage.isValidName("A_b.c-1")).isTrue();
        assertThat(Lineage.isValidName(null)).isFalse();
    }

    @Test
    void keyOfAnotherCertificateIsRefusedBeforeWriting() {
        Issued issued = issue("a.example.com");
        Issued other = issue("a.example.com");
        CertificateStore store = store();

        assertThatThrownBy(() -> store.save("a.example.com", other.key().getPrivate(), issued.chain()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> store.save("a.example.com", issued.key().getPrivate(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.directory()).doesNotExist();
    }

    @Test
    void linkIntoAnotherDirectoryIsReportedAsBroken() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        Lineage lineage = store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Files.delete(lineage.privkeyPath());
        Files.createSymbolicLink(lineage.privkeyPath(), dir.resolve("elsewhere.pem"));

        assertThatThrownBy(() -> store.find("a.example.com"))
                .isInstanceOf(StoreIOException.class)
                .hasMessageContaining(lineage.privkeyPath().toString())
                .hasMessageContaining("points to " + dir.resolve("elsewhere.pem"))
                .satisfies(e -> assertThat(((StoreIOException) e).path()).isEqualTo(lineage.privkeyPath()));
    }

    @Test
    void keyThatDoesNotMatchIsReportedAsBroken() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Path key = store.directory().resolve("archive/a.example.com/privkey1.pem");
        Files.writeString(key, Pem.encodePrivateKey(KeySpec.EC_P256.generate().getPrivate()));

        assertThatThrownBy(() -> store.find("a.example.com"))
                .isInstanceOf(StoreIOException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("is not the key of the certificate");
    }

    @Test
    void aLineageReadBeforeIsReadAgainOnceAFileOfItChanges() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Lineage first = store.find("a.example.com").orElseThrow();
        assertThat(store.find("a.example.com").orElseThrow()).isEqualTo(first);

        // Another key of the same size, written over the archived one in place.
        Path key = store.directory().resolve("archive/a.example.com/privkey1.pem");
        FileTime written = Files.getLastModifiedTime(key);
        String other;
        do {
            other = Pem.encodePrivateKey(KeySpec.EC_P256.generate().getPrivate());
        } while (other.length() != Files.size(key));
        Files.writeString(key, other);
        Files.setLastModifiedTime(key, FileTime.fromMillis(written.toMillis() + 1));

        assertThatThrownBy(() -> store.find("a.example.com"))
                .isInstanceOf(StoreIOException.class)
                .hasMessageContaining("is not the key of the certificate");
    }

    @Test
    void regularFileInsteadOfLinkIsReportedAsBroken() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        Lineage lineage = store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Files.delete(lineage.certPath());
        Files.writeString(lineage.certPath(), Pem.encodeCertificates(List.of(issued.leaf())));

        assertThatThrownBy(() -> store.find("a.example.com"))
                .isInstanceOf(StoreIOException.class)
                .hasMessageContaining("is not a symbolic link");
    }

    @Test
    void linkToMissingArchiveFileIsAnIoErrorNamingThePath() throws IOException, CertkeeperException {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Path fullchain = store.directory().resolve("archive/a.example.com/fullchain1.pem");
        Files.delete(fullchain);

        assertThatThrownBy(() -> store.find("a.example.com"))
                .isInstanceOf(StoreIOException.class)
                .hasMessage("Cannot read " + fullchain + ": no such file or directory; check the path and run again");
    }
}
