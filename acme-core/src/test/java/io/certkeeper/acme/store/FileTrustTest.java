package io.certkeeper.acme.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.error.UntrustedPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileTrust} on real directories; the owner checks need a second user, see the security ITs. */
class FileTrustTest {

    @TempDir
    Path dir;

    @Test
    void aPrivateTreeUnderTmpIsTrusted() throws Exception {
        Path file = Files.createFile(Files.createDirectories(dir.resolve("a/b")).resolve("c.yml"));

        assertThat(FileTrust.problem(file)).isEmpty();
        assertThat(FileTrust.problem(dir.resolve("a/b/missing/deeper"))).isEmpty();
    }

    @Test
    void aGroupWritableFileIsRefusedWithTheChmodThatFixesIt() throws Exception {
        Path file = Files.createFile(dir.resolve("certificates.yml"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThatThrownBy(() -> FileTrust.require(file, "the certificates file"))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessage("Refusing the certificates file " + file + ": " + file
                        + " is writable by its group (rw-rw-r--); run chmod g-w " + file);
    }

    @Test
    void aWorldWritableAncestorWithoutTheStickyBitIsRefused() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = Files.createDirectories(shared.resolve("letsencrypt"));

        assertThat(FileTrust.problem(config)).hasValueSatisfying(problem -> {
            assertThat(problem.path()).isEqualTo(shared);
            assertThat(problem.text()).endsWith("run chmod go-w " + shared);
        });
    }

    @Test
    void aStickyWorldWritableAncestorIsAcceptedButNotAsTheLastStep() throws Exception {
        Path sticky = Files.createDirectories(dir.resolve("sticky"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path config = Files.createDirectories(sticky.resolve("letsencrypt"));

        assertThat(FileTrust.problem(config)).isEmpty();
        assertThat(FileTrust.problem(sticky)).isPresent();
    }

    @Test
    void aLinkIsJudgedWhereItLiesAndWhereItLeads() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Path target = Files.createDirectories(open.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        assertThat(FileTrust.problem(link.resolve("x"))).isEmpty();

        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(FileTrust.problem(link.resolve("x"))).hasValueSatisfying(p -> assertThat(p.path()).isEqualTo(open));
    }
}
