package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import io.certkeeper.cli.RunningCertkeeper.Finished;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled distribution ({@code target/certkeeper}): the launcher starts with the class-data
 * archive the build made, prints nothing of the JVM's own, and leaves out an archive that was
 * made for other jars; {@code bin/certkeeper-cds} makes one anew where the directory now is.
 */
class LauncherIT {

    private static final Path DIST = Path.of(System.getProperty("basedir", ""), "target", "certkeeper").toAbsolutePath();
    /** What the JVM logs for a class it takes from a class-data archive. */
    private static final String FROM_ARCHIVE = "source: shared objects file";
    private static final String LOG_CLASS_LOADING = "-Xlog:class+load=info";
    /** Comes after the launcher's own -Xlog:cds=off, so the JVM says which archives it tries. */
    private static final String LOG_CDS = "-Xlog:cds=info";

    @TempDir
    Path home;

    @BeforeEach
    void theBuildMadeAnArchive() {
        assertThat(DIST.resolve("bin/certkeeper")).as("the assembled launcher; run 'mvn verify', not the test alone")
                .isExecutable();
        boolean made = Files.isRegularFile(DIST.resolve("lib/certkeeper.jsa"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(made).as("bin/certkeeper-cds made lib/certkeeper.jsa during the build").isTrue();
        } else {
            Assumptions.assumeTrue(made, "the build could not make lib/certkeeper.jsa; see its certkeeper-cds warning");
        }
    }

    @Test
    void startsWithTheArchiveAndPrintsOnlyTheVersion() throws Exception {
        Finished version = run(DIST, Map.of(), "--version");

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out().lines().toList()).as(version.toString()).hasSize(2)
                .first().asString().startsWith("certkeeper ");
        assertThat(version.err()).as(version.toString()).isEmpty();
        assertThat(loaded(run(DIST, Map.of("CERTKEEPER_JAVA_OPTS", LOG_CLASS_LOADING), "--version"), Main.class))
                .contains(FROM_ARCHIVE);
    }

    @Test
    void aCopyElsewhereLeavesTheArchiveOutUntilCertkeeperCdsMakesOneThere() throws Exception {
        Path copy = home.resolve("opt/certkeeper");
        copyTree(DIST, copy);
        Finished original = run(DIST, Map.of(), "--version");

        Finished moved = run(copy, Map.of(), "--version");
        Finished movedLog = run(copy, Map.of("CERTKEEPER_JAVA_OPTS", LOG_CLASS_LOADING + " " + LOG_CDS), "--version");

        assertThat(moved).as("same output, nothing from the JVM").isEqualTo(original);
        assertThat(movedLog.out()).as("the launcher does not hand the JVM the archive").doesNotContain("certkeeper.jsa");
        assertThat(loaded(movedLog, Main.class)).as(movedLog.toString()).doesNotContain(FROM_ARCHIVE);
        assertThat(loaded(movedLog, Object.class)).as("the JDK's own archive still serves").contains(FROM_ARCHIVE);

        Finished cds = run(copy.resolve("bin/certkeeper-cds"), Map.of());
        assertThat(cds.exitCode()).as(cds.toString()).isZero();
        Finished remade = run(copy, Map.of("CERTKEEPER_JAVA_OPTS", LOG_CLASS_LOADING), "--version");
        assertThat(loaded(remade, Main.class)).as(remade.toString()).contains(FROM_ARCHIVE);
    }

    @Test
    void theLauncherHandsOverTheArchiveOnlyForTheJarsAndTheJdkItRecords() throws Exception {
        Path copy = home.resolve("certkeeper");
        copyTree(DIST, copy);
        Path id = copy.resolve("lib/certkeeper.jsa.id");
        String here = Files.readString(DIST.resolve("lib/certkeeper.jsa.id"))
                .replace(DIST.resolve("lib").toRealPath().toString(), copy.resolve("lib").toRealPath().toString());
        Map<String, String> logCds = Map.of("CERTKEEPER_JAVA_OPTS", LOG_CDS);

        Files.writeString(id, here);
        Finished recorded = run(copy, logCds, "--version");
        Files.writeString(id, here.replace("\"\n", "-other\"\n"));
        Finished otherJdk = run(copy, logCds, "--version");

        assertThat(here).as("the id ends in the JDK's quoted runtime version").endsWith("\"\n");
        // The JVM then refuses it, as these jars are not the ones it holds; the launcher let it try.
        assertThat(recorded.out()).as(recorded.toString()).contains("certkeeper.jsa", copy.toString());
        assertThat(otherJdk.out()).as(otherJdk.toString()).doesNotContain("certkeeper.jsa");
        assertThat(otherJdk.exitCode()).as(otherJdk.toString()).isZero();
    }

    private static String loaded(Finished run, Class<?> type) {
        return run.out().lines().filter(line -> line.contains("] " + type.getName() + " source: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no class+load line for " + type.getName() + "\n" + run));
    }

    /** Copies a directory tree, keeping file times, as {@code cp -a} would. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Finished run(Path distOrScript, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path program = Files.isDirectory(distOrScript) ? distOrScript.resolve("bin/certkeeper") : distOrScript;
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        return RunningCertkeeper.runToEnd(home, env, command);
    }

}
