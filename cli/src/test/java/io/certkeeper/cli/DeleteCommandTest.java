package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certkeeper delete} on a store written directly: the question, the answers, what goes and what stays. */
class DeleteCommandTest {

    private static final String NAME = "gone.example.test";
    private static final String OTHER = "kept.example.test";

    @TempDir
    Path home;

    private Path configDir;

    @BeforeEach
    void twoLineages() throws Exception {
        configDir = home.resolve("certkeeper");
        LineageFixture fixture = new LineageFixture(configDir);
        Instant now = Instant.now();
        for (String name : List.of(NAME, OTHER)) {
            fixture.save(name, KeySpec.EC_P256, now, now.plus(Duration.ofDays(90)), name, "www." + name);
            fixture.save(name, KeySpec.EC_P256, now, now.plus(Duration.ofDays(90)), name, "www." + name);
            fixture.settings(name, Optional.empty(), name);
        }
    }

    private CliRun delete(CliEnvironment environment, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("delete", "--config-dir", configDir.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(environment, args.toArray(String[]::new));
    }

    private CliEnvironment terminal(String answer) {
        return new CliEnvironment(Clock.systemUTC(), Map.of(), home, false, true, new BufferedReader(new StringReader(answer)));
    }

    private void assertGone(String name) {
        assertThat(configDir.resolve("live").resolve(name)).doesNotExist();
        assertThat(configDir.resolve("archive").resolve(name)).doesNotExist();
        assertThat(configDir.resolve("certkeeper").resolve(name + ".json")).doesNotExist();
    }

    private void assertKept(String name) {
        assertThat(configDir.resolve("live").resolve(name).resolve("fullchain.pem")).isRegularFile();
        assertThat(configDir.resolve("archive").resolve(name).resolve("cert1.pem")).isRegularFile();
        assertThat(configDir.resolve("certkeeper").resolve(name + ".json")).isRegularFile();
    }

    @Test
    void asksOnTheTerminalAndDeletesOnYes() {
        CliRun run = delete(terminal("y\n"), "--cert-name", NAME);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Delete certificate " + NAME + " (" + NAME + ", www." + NAME + ")? This removes "
                + configDir.resolve("live").resolve(NAME) + ", " + configDir.resolve("archive").resolve(NAME) + ", "
                + configDir.resolve("certkeeper").resolve(NAME + ".json") + " for good. [y/N] ");
        assertThat(run.out()).contains("Deleted certificate " + NAME + ": ")
                .contains("A web server whose configuration names " + configDir.resolve("live").resolve(NAME).resolve("fullchain.pem"));
        assertGone(NAME);
        assertKept(OTHER);
    }

    @Test
    void anythingButYesKeepsEverything() {
        for (String answer : List.of("n\n", "\n", "maybe\n", "")) {
            CliRun run = delete(terminal(answer), "--cert-name", NAME);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("Nothing was deleted.\n");
            assertKept(NAME);
        }
    }

    @Test
    void withoutATerminalItAsksForDashN() {
        CliRun run = delete(CliRun.environment(home), "--cert-name", NAME);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("pass -n to delete without being asked");
        assertKept(NAME);
    }

    @Test
    void dashNDeletesWithoutAsking() {
        CliRun run = delete(terminal("n\n"), "-n", "--cert-name", NAME);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).doesNotContain("[y/N]");
        assertGone(NAME);
        assertKept(OTHER);
    }

    @Test
    void anUnknownNameIsBadInputThatNamesNoOtherCertificate() {
        CliRun run = delete(CliRun.environment(home), "-n", "--cert-name", "unknown.example.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("no certificate named unknown.example.test").doesNotContain(NAME).doesNotContain(OTHER);
        assertKept(NAME);
        assertKept(OTHER);
    }

    @Test
    void aNameThatIsNoLineageNameIsBadInput() {
        CliRun run = delete(CliRun.environment(home), "-n", "--cert-name", "../" + NAME);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertKept(NAME);
    }

    @Test
    void aBrokenLineageAndLeftOverSettingsCanBeDeleted() throws Exception {
        Files.delete(configDir.resolve("archive").resolve(NAME).resolve("privkey2.pem"));
        Files.writeString(configDir.resolve("certkeeper/orphan.example.test.json"), "{ left over }");

        CliRun broken = delete(CliRun.environment(home), "-n", "--cert-name", NAME);
        CliRun orphan = delete(CliRun.environment(home), "-n", "--cert-name", "orphan.example.test");

        assertThat(broken.exitCode()).as(broken.toString()).isZero();
        assertGone(NAME);
        assertThat(orphan.exitCode()).as(orphan.toString()).isZero();
        assertThat(orphan.out()).contains("Deleted certificate orphan.example.test: "
                + configDir.resolve("certkeeper/orphan.example.test.json") + ".");
        assertThat(configDir.resolve("certkeeper/orphan.example.test.json")).doesNotExist();
        assertKept(OTHER);
    }
}
