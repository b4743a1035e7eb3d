package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line {@code main} builds for a set of arguments, with only the subcommands they can
 * reach, behaves exactly like the whole command tree; and it really leaves the others out.
 */
class SubcommandsTest {

    @TempDir
    Path home;

    static Stream<List<String>> arguments() {
        return Stream.of(List.of(), List.of("--version"), List.of("-V"), List.of("-V", "--version"), List.of("--help"),
                List.of("-h"), List.of("-hV"), List.of("--help", "certonly"), List.of("--version", "renew"),
                List.of("certonly", "--help"), List.of("renew", "--help"), List.of("account", "--help"),
                List.of("account", "show", "--help"), List.of("account"), List.of("certificates", "--help"),
                List.of("delete", "--help"), List.of("revoke", "--help"), List.of("certonly", "--no-such-option"),
                List.of("certonly", "renew"), List.of("renew", "--version"), List.of("bogus"), List.of("certonl"),
                List.of("--bogus", "certonly"), List.of("--", "certonly"), List.of("@no-such-argument-file"),
                List.of("certonly", "--standalone", "-d", "bad..name", "--agree-tos"),
                List.of("certonly", "--key-type", "ECDSA", "--agree-tos", "-d", "a.example.test"));
    }

    @ParameterizedTest
    @MethodSource("arguments")
    void behavesLikeTheWholeCommandTree(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CliEnvironment environment = CliRun.environment(home);

        String whole = outcome(Main.commandLine(environment), argv);
        String reachable = outcome(Main.commandLine(environment, argv), argv);

        assertThat(reachable).isEqualTo(whole);
    }

    @Test
    void registersOnlyWhatTheArgumentsReach() {
        CliEnvironment environment = CliRun.environment(home);

        assertThat(Main.commandLine(environment, "--version").getSubcommands()).isEmpty();
        assertThat(Main.commandLine(environment, "certonly", "--help").getSubcommands()).containsOnlyKeys("certonly");
        assertThat(Main.commandLine(environment, "account", "show").getSubcommands()).containsOnlyKeys("account");
        assertThat(Main.commandLine(environment, "--help").getSubcommands())
                .containsOnlyKeys(Main.commandLine(environment).getSubcommands().keySet());
    }

    @Test
    void everySubcommandIsListedOnceByName() {
        List<String> names = CertkeeperCommand.SUBCOMMANDS.stream()
                .map(type -> type.getAnnotation(CommandLine.Command.class).name()).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(Main.commandLine(CliRun.environment(home)).getSubcommands().keySet()).containsExactlyElementsOf(names);
    }

    private static String outcome(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
