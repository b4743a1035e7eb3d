package io.certkeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the launcher's class-data archive ({@code lib/certkeeper.jsa}, made by
 * {@code bin/certkeeper-cds}): runs the real command line, in one JVM, the way users do, so that
 * the JVM lists the classes those runs load. Nothing leaves the machine: {@code certonly} talks
 * to a {@link TrainingAcmeServer} on loopback, which refuses the order, and every run writes into
 * a temporary directory, deleted afterwards. Not part of the {@code certkeeper} command.
 */
final class ClassArchiveTraining {

    /** A bound on the whole training, so that a build never waits on it for long. */
    private static final long DEADLINE_MILLIS = 120_000;

    private ClassArchiveTraining() {
    }

    /**
     * Runs the training and exits. The runs' output is discarded and their exit codes ignored: most
     * of them fail on purpose, at the CA. Exits with 3 if it takes longer than two minutes.
     *
     * @param args ignored
     * @throws IOException if the temporary directory cannot be made or removed
     * @throws GeneralSecurityException if the training CA's certificate cannot be made
     */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(DEADLINE_MILLIS);
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "training deadline");
        deadline.setDaemon(true);
        deadline.start();
        Main.configureLogging(new String[0]);
        Path home = Files.createTempDirectory("certkeeper-training-");
        try (TrainingAcmeServer ca = TrainingAcmeServer.start(home.resolve("ca-bundle.pem"))) {
            Path webroot = Files.createDirectory(home.resolve("webroot"));
            List<String> standalone = List.of("certonly", "--standalone", "--http-01-address", "127.0.0.1",
                    "--http-01-port", "0");
            List<String> withCa = List.of("--server", ca.directory(), "--agree-tos", "-m", "training@example.invalid",
                    "-n", "--config-dir", home.resolve("config").toString(), "-d", "training.example.invalid");
            run(home, List.of("--version"));
            run(home, List.of("--help"));
            run(home, List.of("certonly", "--help"));
            run(home, List.of("renew", "--help"));
            run(home, List.of("account", "--help"));
            // The JDK's own trust store, which refuses the training CA's certificate.
            run(home, concat(standalone, withCa));
            run(home, concat(standalone, withCa, List.of("--ca-bundle", home.resolve("ca-bundle.pem").toString())));
            run(home, concat(List.of("certonly", "--webroot", "-w", webroot.toString()), withCa,
                    List.of("--ca-bundle", home.resolve("ca-bundle.pem").toString())));
            run(home, List.of("renew", "-n", "--config-dir", home.resolve("config").toString()));
            run(home, List.of("certificates", "--config-dir", home.resolve("config").toString()));
        } finally {
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        HttpClientThreads.stop(); // as main does before it exits
        System.exit(0); // a thread some library left running must not keep the training alive
    }

    private static void run(Path home, List<String> args) {
        CliEnvironment environment = new CliEnvironment(Clock.systemUTC(), Map.of(), home, false, false,
                new BufferedReader(new StringReader("")));
        String[] argv = args.toArray(String[]::new);
        CommandLine commandLine = Main.commandLine(environment, argv);
        commandLine.setOut(new PrintWriter(Writer.nullWriter()));
        commandLine.setErr(new PrintWriter(Writer.nullWriter()));
        commandLine.execute(argv);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
