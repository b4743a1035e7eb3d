package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.certkeeper.acme.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conditions a process cannot set up for itself: another umask, a full disk. Each runs a child JVM. */
class FileSystemConditionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"000", "077", "027"})
    void modesDoNotDependOnTheUmask(String umask) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.withUmask(umask), StoreProbe.class, "save", dir.toString());

        assertThat(result.output()).contains("version=1");
        assertThat(result.exitCode()).isZero();
        Path archive = dir.resolve("archive/a.example.com");
        assertThat(mode(archive.resolve("privkey1.pem"))).isEqualTo("rw-------");
        assertThat(mode(archive.resolve("cert1.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(archive.resolve("fullchain1.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(dir.resolve("archive"))).isEqualTo("rwx------");
        assertThat(mode(archive)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("live"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("live/a.example.com"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(dir.resolve("live/a.example.com/README"))).isEqualTo("rw-r--r--");
    }

    /** {@code mkdir -p} under umask 000 would make them 0777: anyone could swap the store below them. */
    @Test
    void missingParentsAreMade0755WhateverTheUmask() throws Exception {
        Path config = dir.resolve("srv/etc/certkeeper");

        ChildJvm.Result result = ChildJvm.run(ChildJvm.withUmask("000"), StoreProbe.class, "save", config.toString());

        assertThat(result.output()).contains("version=1");
        assertThat(result.exitCode()).isZero();
        assertThat(mode(dir.resolve("srv"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(dir.resolve("srv/etc"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(config)).isEqualTo("rwxr-xr-x");
        assertThat(mode(config.resolve("archive"))).isEqualTo("rwx------");
        assertThat(mode(config.resolve(".certkeeper.lock"))).isEqualTo("rw-------");
    }

    @Test
    void fullDiskLeavesTheServedCertificateUntouched() throws Exception {
        assumeTrue(ChildJvm.canMount(), "needs root to mount a small tmpfs in a private mount namespace");

        ChildJvm.Result result = ChildJvm.run(
                ChildJvm.inMountNamespace("mount -t tmpfs -o size=256k,mode=0755 certkeeper-test \"$MOUNT_POINT\"", dir),
                StoreProbe.class, "disk-full", dir.toString());

        assertThat(result.output())
                .contains("filled=No space left on device")
                .containsPattern("error=Cannot write " + dir + "/archive/a\\.example\\.com/\\w+2\\.pem: no space left on device; "
                        + "free some space on that file system and run again \\(the certificate in place was not changed\\)")
                .contains("found=1", "sameLeaf=true", "matches=true", "temporaries=0")
                .contains("archive=[cert1.pem, chain1.pem, fullchain1.pem, privkey1.pem]")
                .contains("after=2");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
