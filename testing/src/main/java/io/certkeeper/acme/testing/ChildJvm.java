package io.certkeeper.acme.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a separate JVM with this test run's class path, optionally
 * behind a wrapper command ({@code sh -c 'umask 077 ...'}, {@code unshare -m ...}) that sets up
 * conditions a test cannot create inside its own process: a different umask, a full or read-only
 * file system in a private mount namespace, a second process holding a lock.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** What a finished child printed and returned. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Starts the child; stderr goes to stdout.
     *
     * @param wrapper the command to run the JVM under, its arguments first; empty for none
     * @param main the class whose main to run
     * @param args its arguments
     */
    public static Process start(List<String> wrapper, Class<?> main, String... args) throws IOException {
        return start(wrapper, List.of(), testClassPath(), main, args);
    }

    /**
     * Starts the child with options for its JVM and a class path of its own; stderr goes to stdout.
     *
     * @param wrapper the command to run the JVM under, its arguments first; empty for none, so
     *        that the process is the JVM itself and a signal sent to it reaches the JVM
     * @param jvmOptions options for the JVM, such as {@code -XX:TieredStopAtLevel=1}
     * @param classPath the class path, such as {@link #testClassPath()}
     * @param main the class whose main to run
     * @param args its arguments
     */
    public static Process start(List<String> wrapper, List<String> jvmOptions, String classPath, Class<?> main,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** This test run's class path, which children get unless told otherwise. */
    public static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Runs the child to its end, for at most a minute.
     *
     * @return its exit code and output
     */
    public static Result run(List<String> wrapper, Class<?> main, String... args) throws IOException, InterruptedException {
        Process process = start(wrapper, main, args);
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM " + main.getSimpleName() + " did not finish within a minute");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A wrapper that runs the JVM with the given umask, such as {@code "077"}. */
    public static List<String> withUmask(String umask) {
        return List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"");
    }

    /**
     * A wrapper that runs the JVM in a private mount namespace after a shell snippet has set up
     * mounts there; the mounts vanish with the child. The snippet sees {@code $MOUNT_POINT}.
     */
    public static List<String> inMountNamespace(String snippet, Path mountPoint) {
        return List.of("unshare", "--mount", "--propagation", "private", "env", "MOUNT_POINT=" + mountPoint,
                "sh", "-c", snippet + " && exec \"$0\" \"$@\"");
    }

    /** Whether this process may create mount namespaces and mount file systems, which needs root. */
    public static boolean canMount() {
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "sh", "-c", "mount -t tmpfs probe /mnt")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
