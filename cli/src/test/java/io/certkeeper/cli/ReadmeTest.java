package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Keeps the README true to the code: its option reference, presets and library example. */
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path QUICK_START_IT = Path.of("src/test/java/io/certkeeper/cli/LibraryQuickStartIT.java");

    /** README lines the test runs with other values: a real CA, a loopback port, a temp directory. */
    private static final Set<String> SUBSTITUTED = Set.of(
            "CertificateStore store = new CertificateStore(Path.of(\"/var/lib/myapp/certs\"));",
            "try (ChallengeServer responder = ChallengeServer.builder(challenges).port(80).start()) {",
            "CertificateIssuer issuer = CertificateIssuer.builder(CertificateAuthority.of(\"letsencrypt-staging\"))",
            "// Issues if absent, renews if due, otherwise does nothing: call it daily.",
            "}");

    @TempDir
    Path home;

    @Test
    void documentsEveryOptionOfEveryCommand() throws IOException {
        String readme = Files.readString(README);
        List<CommandLine> commands = new ArrayList<>(Main.commandLine(CliRun.environment(home)).getSubcommands().values());
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            String name = command.getCommandSpec().qualifiedName();
            assertThat(readme).as("README shows " + name).contains(name + " ");
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertThat(readme).as("README documents " + name + " " + option.longestName()).contains("`" + option.longestName());
            }
            commands.addAll(command.getSubcommands().values());
        }
    }

    @Test
    void documentsEveryAccountSubcommandAndOption() throws IOException {
        String readme = Files.readString(README);
        var account = Main.commandLine(CliRun.environment(home)).getSubcommands().get("account");
        account.getSubcommands().forEach((name, subcommand) -> {
            assertThat(readme).as("README shows account " + name).contains("account " + name);
            for (OptionSpec option : subcommand.getCommandSpec().options()) {
                assertThat(readme).as("README documents " + option.longestName() + " of account " + name)
                        .contains("`" + option.longestName());
            }
        });
    }

    @Test
    void listsEveryCaPreset() throws IOException {
        String readme = Files.readString(README);
        for (String preset : CertificateAuthority.presetNames()) {
            assertThat(readme).contains("`" + preset + "`");
        }
    }

    @Test
    void theLibraryExampleIsTheCodeTheIntegrationTestRuns() throws IOException {
        Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        assertThat(java.find()).as("README has a Java example").isTrue();
        List<String> tested = Files.readAllLines(QUICK_START_IT).stream().map(String::strip).toList();
        List<String> untested = Arrays.stream(java.group(1).split("\\n")).map(String::strip)
                .filter(line -> !line.isEmpty() && !SUBSTITUTED.contains(line) && !tested.contains(line))
                .toList();
        assertThat(untested).as("README lines that LibraryQuickStartIT does not run").isEmpty();
    }
}
