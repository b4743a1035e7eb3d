package io.certkeeper.docker.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Docker engine of the test's own: {@code dockerd} on a socket in a temporary directory,
 * with its data, state and containerd namespace there too, so that it shares nothing with an
 * engine the machine may run. It has no network (no bridge, no iptables) and the {@code vfs}
 * storage driver, which works on any file system; containers run with {@code --network none}.
 * After start it holds one tiny image, {@link #IMAGE}: busybox and its shell, imported from a root
 * file system made on the spot (nothing is pulled).
 *
 * <pre>{@code
 * try (DockerDaemon docker = DockerDaemon.start()) {
 *     String id = docker.run("web", Map.of("certkeeper.domains", "a.example.com"), "sleep 600");
 *     // docker.host() is the DOCKER_HOST of this engine
 * }
 * }</pre>
 *
 * <p>Needs root, {@code dockerd} and {@code docker} (Debian package {@code docker.io}) and
 * {@code busybox} ({@code busybox-static}); {@link RequiresDocker} checks them. Not thread-safe.
 */
public final class DockerDaemon implements AutoCloseable {

    /** The image every container runs: busybox as {@code /bin/sh} and its applets. */
    public static final String IMAGE = "certkeeper-busybox:test";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "true");

    private final Path scratch;
    private final Path dockerd;
    private final Path docker;
    private final String namespace;
    private Process process;
    private Thread killOnExit;

    private DockerDaemon(Path scratch, Path dockerd, Path docker) {
        this.scratch = scratch;
        this.dockerd = dockerd;
        this.docker = docker;
        this.namespace = "certkeeper-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts an engine and imports {@link #IMAGE}.
     *
     * @return the running engine
     * @throws IllegalStateException if a program is missing or the engine does not start, with
     *         its log
     */
    public static DockerDaemon start() {
        Path dockerd = DockerPrograms.find("dockerd").orElseThrow(() -> new IllegalStateException("dockerd is missing"));
        Path docker = DockerPrograms.find("docker").orElseThrow(() -> new IllegalStateException("docker is missing"));
        Path busybox = DockerPrograms.find("busybox").orElseThrow(() -> new IllegalStateException("busybox is missing"));
        Path scratch;
        try {
            // Short: the engine's socket and containerd's, below it, must fit in 108 bytes.
            scratch = Files.createTempDirectory(Path.of("/tmp"), "ckd");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        DockerDaemon daemon = new DockerDaemon(scratch, dockerd, docker);
        try {
            daemon.startDockerd();
            daemon.importImage(busybox);
            return daemon;
        } catch (RuntimeException e) {
            try {
                daemon.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The engine's address, for {@code DOCKER_HOST}.
     *
     * @return {@code unix://<socket>}
     */
    public URI host() {
        return URI.create("unix://" + scratch.resolve("d.sock"));
    }

    /**
     * Starts a container in the background.
     *
     * @param name the container's name
     * @param labels its labels
     * @param script what {@code /bin/sh -c} runs in it
     * @param options further {@code docker run} options, such as {@code -v host:container}
     * @return the container's id
     * @throws IllegalStateException if docker fails
     */
    public String run(String name, Map<String, String> labels, String script, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--pull", "never", "--network", "none", "--name", name));
        labels.forEach((key, value) -> {
            args.add("--label");
            args.add(key + "=" + value);
        });
        args.addAll(List.of(options));
        args.addAll(List.of(IMAGE, "/bin/sh", "-c", script));
        return docker(args.toArray(String[]::new));
    }

    /**
     * Runs the docker CLI against this engine.
     *
     * @param args the arguments after {@code docker -H <socket>}
     * @return its standard output, stripped
     * @throws IllegalStateException if it fails or takes longer than 30 s
     */
    public String docker(String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "-H", host().toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** Removes every container, running or not. */
    public void removeAllContainers() {
        String ids = docker("ps", "-aq");
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            docker(args.toArray(String[]::new));
        }
    }

    /**
     * Stops the engine, as for an upgrade; its containers stop with it.
     *
     * @throws IllegalStateException if it is not running
     */
    public void stopEngine() {
        if (process == null) {
            throw new IllegalStateException("dockerd is not running");
        }
        stopDockerd();
    }

    /**
     * Starts the engine again on the same socket and data after {@link #stopEngine()}.
     *
     * @throws IllegalStateException if it is running, or does not come back
     */
    public void startEngine() {
        if (process != null) {
            throw new IllegalStateException("dockerd is already running");
        }
        startDockerd();
    }

    /**
     * The end of the engine's log, for a failure message.
     *
     * @return the text
     */
    public String log() {
        try {
            String text = Files.readString(scratch.resolve("dockerd.log"), StandardCharsets.UTF_8);
            return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read the dockerd log: " + e + ")";
        }
    }

    /** Removes the containers, stops the engine and deletes its files. */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                removeAllContainers();
            }
        } finally {
            stopDockerd();
            delete(scratch);
        }
    }

    @Override
    public String toString() {
        return "dockerd at " + host();
    }

    private void startDockerd() {
        Path config = scratch.resolve("daemon.json");
        List<String> command = List.of(dockerd.toString(),
                // an empty configuration: the machine's /etc/docker/daemon.json is not ours
                "--config-file", config.toString(),
                "-H", host().toString(),
                "--data-root", scratch.resolve("root").toString(),
                "--exec-root", scratch.resolve("x").toString(),
                "--pidfile", scratch.resolve("d.pid").toString(),
                "--storage-driver", "vfs",
                "--bridge", "none", "--iptables=false", "--ip-masq=false",
                "--containerd-namespace", namespace,
                "--containerd-plugins-namespace", namespace + "-plugins",
                "--shutdown-timeout", "2");
        try {
            Files.writeString(config, "{}\n", StandardCharsets.UTF_8);
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve("dockerd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        Process started = process;
        killOnExit = new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }, "kill dockerd");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dockerd exited with code " + process.exitValue() + ":\n" + log());
            }
            try {
                docker("version", "--format", "{{.Server.Version}}");
                return;
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("dockerd did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s ("
                        + last + "):\n" + log());
            }
            pause(Duration.ofMillis(100));
        }
    }

    private void importImage(Path busybox) {
        Path rootfs = scratch.resolve("rootfs");
        Path bin = rootfs.resolve("bin");
        try {
            Files.createDirectories(bin);
            Files.copy(busybox, bin.resolve("busybox"));
            for (String applet : APPLETS) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Files.createDirectories(rootfs.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the image's root file system in " + rootfs, e);
        }
        Path tarball = scratch.resolve("rootfs.tar");
        exec(List.of("tar", "-C", rootfs.toString(), "-cf", tarball.toString(), "."));
        docker("import", tarball.toString(), IMAGE);
    }

    private void stopDockerd() {
        Process stopping = process;
        process = null;
        if (stopping == null) {
            return;
        }
        List<ProcessHandle> descendants = stopping.descendants().toList();
        stopping.destroy();
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stopping.destroyForcibly();
                stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.destroyForcibly();
        }
        // containerd and its shims, should dockerd have left any behind
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
    }

    private String exec(List<String> command) {
        try {
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                Process child = builder.start();
                if (!child.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    child.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + COMMAND_TIMEOUT.toSeconds() + " s");
                }
                String output = Files.readString(out, StandardCharsets.UTF_8).strip();
                if (child.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + child.exitValue()
                            + ": " + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dockerd", e);
        }
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path entry : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
