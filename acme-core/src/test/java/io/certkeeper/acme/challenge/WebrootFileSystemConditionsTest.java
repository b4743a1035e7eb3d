package io.certkeeper.acme.challenge;

import static io.certkeeper.acme.challenge.WebrootChallengeStoreTest.listing;
import static io.certkeeper.acme.challenge.WebrootChallengeStoreTest.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.certkeeper.acme.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conditions a process cannot set up for itself: another umask, a read-only mount. Each runs a child JVM. */
class WebrootFileSystemConditionsTest {

    @TempDir
    Path webroot;

    @ParameterizedTest
    @ValueSource(strings = {"000", "077", "777"})
    void modesDoNotDependOnTheUmask(String umask) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.withUmask(umask), WebrootProbe.class,
                "present", webroot.toString(), "token");

        assertThat(result.output()).contains("result=ok");
        assertThat(mode(webroot.resolve(".well-known"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(webroot.resolve(".well-known/acme-challenge"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(webroot.resolve(".well-known/acme-challenge/token"))).isEqualTo("rw-r--r--");
    }

    @Test
    void readOnlyMountIsRefusedByPrepareAndNothingIsWritten() throws Exception {
        assumeTrue(ChildJvm.canMount(), "needs root to bind-mount the webroot read-only in a private mount namespace");
        String readOnly = "mount --bind \"$MOUNT_POINT\" \"$MOUNT_POINT\" && mount -o remount,bind,ro \"$MOUNT_POINT\"";

        ChildJvm.Result prepare = ChildJvm.run(ChildJvm.inMountNamespace(readOnly, webroot), WebrootProbe.class,
                "prepare", webroot.toString());
        ChildJvm.Result present = ChildJvm.run(ChildJvm.inMountNamespace(readOnly, webroot), WebrootProbe.class,
                "present", webroot.toString(), "token");

        assertThat(prepare.output()).contains("error=Webroot " + webroot + " for a.example.com is not writable");
        assertThat(present.output()).contains("error=Cannot write the challenge file " + webroot
                + "/.well-known/acme-challenge/token: read-only file system");
        assertThat(listing(webroot)).isEmpty();
    }
}
