package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's Docker discovery section true to the labels and settings the code reads. */
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void documentsEveryLabelAndSetting() throws IOException {
        String readme = Files.readString(README);

        for (String name : List.of(DockerLabels.DOMAINS, DockerLabels.NAME, DockerLabels.KEY_TYPE,
                DockerLabels.VIRTUAL_HOST, DockerLabels.RELOAD_SIGNAL, DockerSettings.DOCKER_HOST,
                DockerSettings.DEBOUNCE_MS, DockerSettings.DEFAULT_HOST.toString())) {
            assertThat(readme).as("README documents " + name).contains("`" + name);
        }
        assertThat(readme).contains(DockerSettings.DEFAULT_DEBOUNCE.toSeconds() + " seconds after the last of a burst");
    }
}
