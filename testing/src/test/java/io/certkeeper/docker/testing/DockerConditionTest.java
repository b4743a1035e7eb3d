package io.certkeeper.docker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class DockerConditionTest {

    @TempDir
    Path bin;

    @Test
    void runsWhenEveryProgramIsThereAndTheUserIsRoot() throws IOException {
        executables("dockerd", "docker", "busybox", "tar");

        assertThat(DockerPrograms.missing(List.of(bin), true)).isEmpty();
        assertThat(DockerCondition.evaluate(Optional.empty(), true).isDisabled()).isFalse();
    }

    @Test
    void namesTheFirstMissingProgramAndItsPackage() throws IOException {
        executables("dockerd", "docker", "tar");
        Files.createFile(bin.resolve("busybox")); // not executable

        assertThat(DockerPrograms.missing(List.of(bin), true)).hasValue("busybox is not installed: apt-get install "
                + "busybox-static");
        assertThat(DockerPrograms.missing(List.of(Path.of("/nonexistent")), true))
                .hasValue("dockerd is not installed: apt-get install docker.io");
    }

    @Test
    void needsRoot() throws IOException {
        executables("dockerd", "docker", "busybox", "tar");

        assertThat(DockerPrograms.missing(List.of(bin), false)).hasValue("dockerd needs root: run the Docker tests as root");
    }

    @Test
    void skipsVisiblyLocallyAndFailsOnCi() {
        ConditionEvaluationResult local = DockerCondition.evaluate(Optional.of("dockerd needs root"), false);

        assertThat(local.isDisabled()).isTrue();
        assertThat(local.getReason()).hasValue("dockerd needs root");
        assertThatThrownBy(() -> DockerCondition.evaluate(Optional.of("dockerd needs root"), true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("dockerd needs root");
    }

    private void executables(String... names) throws IOException {
        for (String name : names) {
            Files.createFile(bin.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }
}
