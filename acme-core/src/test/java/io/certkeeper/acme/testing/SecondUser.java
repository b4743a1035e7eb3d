package io.certkeeper.acme.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A local user made for one test, with no home, no password and no login shell, that the test acts
 * as through {@code runuser}: the unprivileged party of a security test. {@link #close()} removes
 * it again. Needs root; annotate the test with {@link RequiresSecondUser}.
 */
public final class SecondUser implements AutoCloseable {

    private final String name;
    private final int uid;
    private final int gid;

    private SecondUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Creates the user, with a group of its own.
     *
     * @return the user
     * @throws IllegalStateException if {@code useradd} fails
     */
    public static SecondUser create() throws IOException, InterruptedException {
        String name = "ckt" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name));
        int uid = Integer.parseInt(run(List.of("id", "-u", name)).strip());
        int gid = Integer.parseInt(run(List.of("id", "-g", name)).strip());
        return new SecondUser(name, uid, gid);
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** The user's ID. */
    public int uid() {
        return uid;
    }

    /** The ID of the user's own group. */
    public int gid() {
        return gid;
    }

    /**
     * Runs a command as this user, without a shell unless the command is one.
     *
     * @param command the program and its arguments
     * @return what it printed (stdout and stderr)
     * @throws IllegalStateException if it fails, with its output
     */
    public String run(String... command) throws IOException, InterruptedException {
        List<String> asUser = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        asUser.addAll(List.of(command));
        return run(asUser);
    }

    /** The user this process runs as, as the kernel sees it. */
    static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** Removes the user and its group. */
    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("userdel", name));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
