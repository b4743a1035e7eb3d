package io.certkeeper.acme.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.testing.Prerequisites.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    private static final String MISSING = "certkeeper-no-such-program";

    @Test
    void findsAProgramOnThePath(@TempDir Path bin) throws Exception {
        Path program = Files.createFile(bin.resolve("fake-pebble"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(Prerequisites.require("fake-pebble", "pebble", Map.of("PATH", "/nonexistent:" + bin)))
                .isEqualTo(program);
    }

    @Test
    void ignoresAFileThatIsNotExecutable(@TempDir Path bin) throws Exception {
        Files.createFile(bin.resolve(MISSING));

        assertThatThrownBy(() -> Prerequisites.require(MISSING, "pebble", Map.of("PATH", bin.toString())))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void abortsTheTestWhenMissingLocally() {
        assertThatThrownBy(() -> Prerequisites.require(MISSING, "pebble", Map.of("PATH", "/nonexistent")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING + " is not installed: apt-get install pebble");
    }

    @Test
    void failsTheTestWhenMissingOnCi() {
        assertThatThrownBy(() -> Prerequisites.require(MISSING, "nginx-light",
                Map.of("PATH", "/nonexistent", "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage(MISSING + " is not installed: apt-get install nginx-light");
    }

    @Test
    void treatsOtherCiValuesAsLocal() {
        assertThatThrownBy(() -> Prerequisites.require(MISSING, "pebble",
                Map.of("PATH", "/nonexistent", "CI", "${env.CI}")))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void namesTheFirstMissingProgramOfAList(@TempDir Path bin) throws Exception {
        Files.createFile(bin.resolve("pebble"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Map<String, String> environment = Map.of("PATH", bin.toString());

        assertThat(Prerequisites.missing(List.of(Program.PEBBLE), environment)).isEmpty();
        assertThat(Prerequisites.missing(List.of(Program.PEBBLE, Program.PEBBLE_CHALLTESTSRV), environment))
                .hasValue("pebble-challtestsrv is not installed: apt-get install pebble");
    }

    @Test
    void actingAsASecondUserNeedsRoot() {
        assertThat(Prerequisites.notRoot(0)).isEmpty();
        assertThat(Prerequisites.notRoot(1000)).hasValue("acting as a second, unprivileged user needs root to create it"
                + " (the tests run as uid 1000); run them as root, as CI does");
    }
}
