package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose directory users other than root and the current one could change is not used:
 * they could plant links, keys and the lock file. The owner checks need a second user; see the
 * CLI's config directory IT.
 */
class CertificateStoreTrustTest {

    @TempDir
    Path home;

    @Test
    void aConfigDirectoryItsGroupMayWriteIsRefusedForReadingAndWritingWithTheFix() throws Exception {
        Path config = Files.createDirectory(home.resolve("config"));
        Issued issued = issue("a.example.com");
        new CertificateStore(config).save("a.example.com", issued.key().getPrivate(), issued.chain());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxrwxr-x"));
        CertificateStore store = new CertificateStore(config);

        String message = "Refusing the config directory " + config + ": " + config
                + " is writable by its group (rwxrwxr-x); run chmod g-w " + config;
        assertThatThrownBy(() -> store.find("a.example.com")).isInstanceOf(UntrustedPathException.class).hasMessage(message);
        assertThatThrownBy(store::list).isInstanceOf(UntrustedPathException.class).hasMessage(message);
        assertThatThrownBy(store::lock).isInstanceOf(UntrustedPathException.class).hasMessage(message);
        assertThatThrownBy(() -> store.save("a.example.com", issued.key().getPrivate(), issued.chain()))
                .isInstanceOf(UntrustedPathException.class).hasMessage(message);
        assertThat(config.resolve("archive/a.example.com/cert2.pem")).doesNotExist();
    }

    @Test
    void aMissingConfigDirectoryIsNotCreatedBelowADirectoryOthersMayWrite() throws Exception {
        Path open = Files.createDirectory(home.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = open.resolve("etc/certkeeper");
        Issued issued = issue("a.example.com");

        assertThatThrownBy(() -> new CertificateStore(config).save("a.example.com", issued.key().getPrivate(), issued.chain()))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessage("Refusing the config directory " + config + ": " + open + " is writable by group and others"
                        + " (rwxrwxrwx); run chmod go-w " + open);
        assertThat(open).isEmptyDirectory();
    }

    @Test
    void aStickyDirectoryAboveIsAcceptedAsTmpIs() throws Exception {
        Path sticky = Files.createDirectory(home.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        CertificateStore store = new CertificateStore(sticky.resolve("config"));
        Issued issued = issue("a.example.com");

        store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        assertThat(store.find("a.example.com")).isPresent();
    }

    /** The chain is judged once per store object, not on each of the many reads a long run makes. */
    @Test
    void aNewStoreObjectSeesAModeChangedAfterTheFirstCheck() throws Exception {
        Path config = Files.createDirectory(home.resolve("config"));
        CertificateStore store = new CertificateStore(config);
        Issued issued = issue("a.example.com");
        store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(store.find("a.example.com")).isPresent();
        assertThatThrownBy(() -> new CertificateStore(config).find("a.example.com")).isInstanceOf(UntrustedPathException.class);
    }
}
