package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input a typo or an attacker can hand to {@code certonly}. A bad case gets one clear line on
 * standard error, with whatever it quotes made printable, exit code 2, and nothing written. A
 * config directory that is a symbolic link is used, and said so; one that every user may write to
 * is refused. None of these reach a CA: the one configured listens nowhere, so a run that gets that far
 * ends with "Cannot reach the CA".
 */
class CertonlyHostileInputTest {

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("config");
    }

    private CliRun certonly(Path configDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("certonly", "-n", "--agree-tos", "--config-dir", configDir.toString(),
                "--server", "https://127.0.0.1:9/dir", "--standalone", "--http-01-address", "127.0.0.1",
                "--http-01-port", "0"));
        args.addAll(List.of(extra));
        return CliRun.run(home, args.toArray(String[]::new));
    }

    private void assertRefused(CliRun run, String... mentions) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString().contains(mentions);
        assertPrintable(run);
        assertThat(configDir()).as("nothing is written").doesNotExist();
    }

    /** No control or formatting character reaches the terminal, whatever the input held. */
    private static void assertPrintable(CliRun run) {
        assertThat((run.out() + run.err()).codePoints()
                .filter(c -> c != '\n' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)))
                .as(run.toString()).isEmpty();
    }

    @Test
    void refusesANameWithANulByte() throws IOException {
        assertRefused(certonly(configDir(), "-d", "a\u0000b.example"), "'a\\u0000b.example'", "not a valid domain name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb.example", "\u001B[2J\u001B[31mred.example", "evil\u202Emoc.example"})
    void refusesANameWithControlOrFormattingCharactersAndPrintsThemEscaped(String name) throws IOException {
        assertRefused(certonly(configDir(), "-d", name), "not a valid domain name", "\\u");
    }

    @Test
    void refusesALabelThatMixesLatinAndCyrillic() throws IOException {
        // "pаypal.com" with U+0430 CYRILLIC SMALL LETTER A: valid IDNA (xn--pypal-4ve.com), and a look-alike.
        assertRefused(certonly(configDir(), "-d", "p\u0430ypal.com"), "'p\u0430ypal.com'", "xn--pypal-4ve",
                "mixes the scripts Latin and Cyrillic");
    }

    @Test
    void refusesTheXnFormOfAMixedLabelToo() throws IOException {
        assertRefused(certonly(configDir(), "-d", "xn--pypal-4ve.com"), "mixes the scripts Latin and Cyrillic");
    }

    @Test
    void refusesA300CharacterLabelSayingWhichLimitItBreaks() throws IOException {
        CliRun run = certonly(configDir(), "-d", "a".repeat(300) + ".example");
        assertRefused(run, "has 300 characters, more than 63");
        assertThat(run.errorLines().get(0)).hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example.com", "a.*.example.com", "*"})
    void refusesWildcardsSayingHttp01CannotProveThemAndDns01Can(String name) throws IOException {
        assertRefused(certonly(configDir(), "-d", name), "wildcard", "HTTP-01", "DNS-01");
    }

    @Test
    void refusesACertNameWithAnEscapeSequence() throws IOException {
        assertRefused(certonly(configDir(), "-d", "a.example.test", "--cert-name", "x\u001B[31m"), "cannot be a certificate name",
                "'x\\u001B[31m'");
    }

    @Test
    void refusesAConfigDirThatIsASymbolicLinkToNothing() throws IOException {
        Path missing = home.resolve("missing");
        Files.createSymbolicLink(configDir(), missing);

        CliRun run = certonly(configDir(), "-d", "a.example.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("config directory " + configDir() + " is a symbolic link to " + missing, "no such file");
        assertThat(missing).doesNotExist();
    }

    @Test
    void refusesAConfigDirThatIsAFile() throws IOException {
        Path file = Files.writeString(home.resolve("file"), "x");

        CliRun run = certonly(file, "-d", "a.example.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains(file + " is not a directory");
        assertThat(file).hasContent("x");
    }

    /** Followed, as certbot follows a linked /etc/letsencrypt: a volume mounted elsewhere is ordinary. */
    @Test
    void followsAConfigDirThatIsASymbolicLinkAndSaysSo() throws IOException {
        Path real = Files.createDirectory(home.resolve("volume"));
        Files.createSymbolicLink(configDir(), real);

        CliRun run = certonly(configDir(), "-d", "a.example.test");

        assertThat(run.err()).contains("Note: the config directory " + configDir() + " is a symbolic link; certkeeper follows it to "
                + real.toRealPath() + ".");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TEMPORARY);
        assertThat(run.errorLines()).singleElement().asString().contains("Cannot reach the CA");
        assertThat(real).isEmptyDirectory();
    }

    @Test
    void refusesAConfigDirEveryUserMayWriteTo() throws IOException {
        Path open = Files.createDirectory(home.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        CliRun run = certonly(open, "-d", "a.example.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("config directory " + open + ": " + open + " is writable by group and others (rwxrwxrwx)",
                        "run chmod go-w " + open);
        assertPrintable(run);
        try (Stream<Path> entries = Files.list(open)) {
            assertThat(entries).isEmpty();
        }
    }
}
