package io.certkeeper.cli;

import io.certkeeper.acme.testing.ChildJvm;
import io.certkeeper.acme.testing.Prerequisites;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted in a mount namespace of its own, so that no other process on the machine
 * sees it and it vanishes with the test: a holder process keeps the namespace alive, commands run
 * inside it through {@code nsenter}, and this JVM reaches its files through
 * {@code /proc/<holder>/root}. A path given to a command is the path inside; {@link #outside}
 * translates it for this JVM.
 *
 * <p>Mounting needs root. {@link #requireMountable()} skips a test visibly where the tests do not
 * run as root, and fails it under {@code CI=true}, which runs as root.
 */
final class PrivateTmpfs implements AutoCloseable {

    private final Process holder;
    private final Path mountPoint;

    private PrivateTmpfs(Process holder, Path mountPoint) {
        this.holder = holder;
        this.mountPoint = mountPoint;
    }

    /** Skips the calling test unless this process may mount file systems; fails it on CI instead. */
    static void requireMountable() {
        Prerequisites.require("unshare", "util-linux");
        Prerequisites.require("nsenter", "util-linux");
        if (ChildJvm.canMount()) {
            return;
        }
        String message = "mounting a tmpfs in a private mount namespace needs root";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI runs as root");
        }
        Assumptions.abort(message);
    }

    /**
     * Mounts a tmpfs of the given size on an existing, empty directory, inside a new namespace.
     *
     * @param mountPoint the directory, an absolute path
     * @param size tmpfs's {@code size=} option, such as {@code 1m}
     */
    static PrivateTmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=" + size + ",mode=0755 certkeeper-test \"$0\" && echo mounted && exec cat",
                mountPoint.toString()).redirectErrorStream(true).start();
        String said = new String(holder.getInputStream().readNBytes("mounted\n".length()), StandardCharsets.UTF_8);
        if (!said.equals("mounted\n")) {
            holder.destroyForcibly();
            throw new IllegalStateException("cannot mount a tmpfs on " + mountPoint + ": " + said
                    + new String(holder.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new PrivateTmpfs(holder, mountPoint);
    }

    /** The path under which this JVM sees a path inside the namespace. */
    Path outside(Path inside) {
        return Path.of("/proc", Long.toString(holder.pid()), "root").resolve(Path.of("/").relativize(inside));
    }

    /** A command that runs inside the namespace. */
    ProcessBuilder inside(List<String> command) {
        List<String> entered = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()), "--mount", "--"));
        entered.addAll(command);
        return new ProcessBuilder(entered);
    }

    /**
     * Fills the file system with one file until it refuses more.
     *
     * @param name the file's name under the mount point
     * @return the file, as this JVM sees it
     */
    Path fill(String name) throws IOException {
        Path filler = outside(mountPoint.resolve(name));
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            if (!String.valueOf(expected.getMessage()).contains("No space left on device")) {
                throw expected;
            }
        }
        return filler;
    }

    /** Ends the namespace; the tmpfs and everything in it go with it. */
    @Override
    public void close() throws InterruptedException {
        holder.destroyForcibly();
        holder.waitFor(10, TimeUnit.SECONDS);
    }
}
