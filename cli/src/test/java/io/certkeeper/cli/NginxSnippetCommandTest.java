package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certkeeper nginx-snippet}: what it prints, what it refuses, and that it is the README's configuration. */
class NginxSnippetCommandTest {

    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path home;

    private CliRun snippet(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "nginx-snippet";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliRun.run(home, argv);
    }

    /** The lines nginx reads: without comments and blank lines, indentation removed. */
    private static List<String> directives(String config) {
        return config.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static void assertNginxSyntaxOnly(String out) {
        assertThat(out).endsWith("\n");
        assertThat(out.lines()).allSatisfy(line -> assertThat(line).matches("|#.*|\\s*[a-z_]+ .*;|location .* \\{|}"));
    }

    @Test
    void printsTheChallengeLocationForAWebroot() throws Exception {
        Path webroot = Files.createDirectory(home.resolve("www"));

        CliRun run = snippet("-w", webroot.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                # Challenges of certkeeper --webroot: in each server block that listens on port 80 for the names.
                location ^~ /.well-known/acme-challenge/ {
                    root %s;
                    default_type text/plain;
                }
                """.formatted(webroot));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aWebrootNotMadeYetIsPrintedWithANote() {
        Path webroot = home.resolve("later");

        CliRun run = snippet("-w", webroot.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(directives(run.out())).contains("root " + webroot + ";");
        assertThat(run.err()).isEqualTo("Note: the webroot " + webroot + " does not exist yet; create it before"
                + " certkeeper writes challenges there.\n");
    }

    @Test
    void printsTheCertificateLinesOfALineage() throws Exception {
        Path configDir = home.resolve("store");
        new LineageFixture(configDir).save("example.test", KeySpec.EC_P256, Instant.now(),
                Instant.now().plus(Duration.ofDays(90)), "example.test");

        CliRun run = snippet("--cert-name", "example.test", "--config-dir", configDir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(directives(run.out())).containsExactly(
                "ssl_certificate     " + configDir.resolve("live/example.test/fullchain.pem") + ";",
                "ssl_certificate_key " + configDir.resolve("live/example.test/privkey.pem") + ";");
        assertThat(run.err()).isEmpty();
        assertNginxSyntaxOnly(run.out());
    }

    @Test
    void aCertificateNotIssuedYetIsPrintedWithANote() {
        Path configDir = home.resolve("store");

        CliRun run = snippet("--cert-name", "later.test", "--config-dir", configDir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(directives(run.out())).containsExactly(
                "ssl_certificate     " + configDir.resolve("live/later.test/fullchain.pem") + ";",
                "ssl_certificate_key " + configDir.resolve("live/later.test/privkey.pem") + ";");
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("Note: there is no certificate later.test in " + configDir + " yet");
    }

    @Test
    void printsBothAndTheDefaultConfigDirectory() {
        CliRun run = snippet("-w", "/srv/acme", "--cert-name", "example.test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path live = home.resolve(".config/certkeeper/live/example.test");
        assertThat(directives(run.out())).containsExactly("location ^~ /.well-known/acme-challenge/ {",
                "root /srv/acme;", "default_type text/plain;", "}",
                "ssl_certificate     " + live.resolve("fullchain.pem") + ";",
                "ssl_certificate_key " + live.resolve("privkey.pem") + ";");
        assertThat(run.out()).contains("}\n\n# Certificate example.test");
        assertNginxSyntaxOnly(run.out());
    }

    @Test
    void makesRelativePathsAbsolute() {
        CliRun run = snippet("-w", "www/../challenge", "--cert-name", "a.test", "--config-dir", "store/.");

        Path cwd = Path.of("").toAbsolutePath();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(directives(run.out())).contains("root " + cwd.resolve("challenge") + ";",
                "ssl_certificate     " + cwd.resolve("store/live/a.test/fullchain.pem") + ";");
    }

    @Test
    void isTheConfigurationTheReadmeShowsForWebrootMode() throws Exception {
        Matcher block = Pattern.compile("## Webroot mode.*?```nginx\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        assertThat(block.find()).as("README's webroot section has an nginx block").isTrue();
        List<String> readme = directives(block.group(1));

        CliRun run = snippet("-w", "/var/www/challenge", "--cert-name", "example.com", "--config-dir", "/etc/certkeeper");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> printed = directives(run.out());
        assertThat(readme).containsSubsequence(printed.subList(0, 4));
        assertThat(readme).containsSubsequence(printed.subList(4, 6));
    }

    @Test
    void quotesPathsWithCharactersNginxWouldSplitOn() {
        CliRun run = snippet("-w", "/srv/my site;{a}", "--cert-name", "q.test", "--config-dir", "/etc/odd \"dir\" \\x");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(directives(run.out())).containsExactly("location ^~ /.well-known/acme-challenge/ {",
                "root \"/srv/my site;{a}\";", "default_type text/plain;", "}",
                "ssl_certificate     \"/etc/odd \\\"dir\\\" \\\\x/live/q.test/fullchain.pem\";",
                "ssl_certificate_key \"/etc/odd \\\"dir\\\" \\\\x/live/q.test/privkey.pem\";");
    }

    @Test
    void refusesPathsNginxCannotHold() {
        CliRun dollar = snippet("-w", "/srv/$host");
        CliRun newline = snippet("--cert-name", "a.test", "--config-dir", "/etc/a\nb");

        assertThat(dollar.exitCode()).as(dollar.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(dollar.out()).isEmpty();
        assertThat(dollar.errorLines()).singleElement().asString().contains("/srv/$host holds a '$'");
        assertThat(newline.exitCode()).as(newline.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(newline.out()).isEmpty();
        assertThat(newline.errorLines()).singleElement().asString().contains("control character");
    }

    @Test
    void withNeitherOptionSaysWhichToPass() {
        CliRun run = snippet();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString().contains("-w DIR").contains("--cert-name NAME");
    }

    @Test
    void refusesAnInvalidCertificateNameAndASecondWebroot() {
        CliRun name = snippet("--cert-name", "../etc");
        CliRun twice = snippet("-w", "/a", "-w", "/b");

        assertThat(name.exitCode()).as(name.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(name.out()).isEmpty();
        assertThat(name.errorLines()).singleElement().asString().contains("'../etc' is not a certificate name");
        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.out()).isEmpty();
    }
}
