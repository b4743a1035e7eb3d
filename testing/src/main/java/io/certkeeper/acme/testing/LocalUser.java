package io.certkeeper.acme.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged user for tests that play a local attacker (a webroot's owner, another user who
 * can write a file certkeeper reads): made with {@code useradd} (no home, no login shell), with
 * commands run as it through {@code runuser}. Needs root; mark the test {@link RequiresSecondUser}.
 *
 * <p>{@link #create()} makes a throw-away user that {@link #close()} removes; {@link #ensure}
 * finds or makes a named system user that stays, for tests that run often.
 */
public final class LocalUser implements AutoCloseable {

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean throwAway;

    private LocalUser(String name, boolean throwAway) {
        this.name = name;
        this.uid = id("-u", name);
        this.gid = id("-g", name);
        this.throwAway = throwAway;
    }

    /**
     * Creates a user with a random name and a group of its own, both removed again by {@link #close()}.
     *
     * @return the user
     * @throws IOException if {@code useradd} fails
     */
    public static LocalUser create() throws IOException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "ck-" + HexFormat.of().formatHex(random);
        Run add = run(List.of(useradd(), "--no-create-home", "--user-group", "--home-dir", "/nonexistent", "--shell",
                "/usr/sbin/nologin", name));
        if (add.exitCode() != 0) {
            throw new IOException("useradd " + name + " failed: " + add.output().strip());
        }
        return new LocalUser(name, true);
    }

    /**
     * Finds the system user of this name, or creates it; it stays after the test.
     *
     * @param name a system user name, such as {@code certkeeper-attacker}
     * @return the user
     * @throws IllegalStateException if it cannot be created
     */
    public static LocalUser ensure(String name) {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("not a portable user name: " + name);
        }
        if (run(List.of("id", "-u", name)).exitCode() != 0) {
            Run add = run(List.of(useradd(), "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", name));
            // Another test may have created it at the same moment.
            if (add.exitCode() != 0 && run(List.of("id", "-u", name)).exitCode() != 0) {
                throw new IllegalStateException("useradd " + name + " failed: " + add.output());
            }
        }
        return new LocalUser(name, false);
    }

    /**
     * The user's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The user's numeric ID.
     *
     * @return the uid
     */
    public int uid() {
        return uid;
    }

    /**
     * The ID of the user's primary group.
     *
     * @return the gid
     */
    public int gid() {
        return gid;
    }

    /**
     * Makes the user the owner of a file or directory (not following a link).
     *
     * @param path the path
     * @return the path
     * @throws IOException if the owner cannot be changed
     */
    public Path own(Path path) throws IOException {
        UserPrincipal principal = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        Files.setOwner(path, principal);
        return path;
    }

    /**
     * A command that runs as this user.
     *
     * @param command the program and its arguments
     * @return {@code runuser -u NAME -- COMMAND}
     */
    public List<String> command(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(Prerequisites.require("runuser", "util-linux").toString(),
                "-u", name, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Runs a program as the user, without a shell, and waits for it.
     *
     * @param command the program and its arguments
     * @return its standard output and error
     * @throws IOException if it fails, with its output
     */
    public String run(String... command) throws IOException {
        Run result = run(command(List.of(command)));
        if (result.exitCode() != 0) {
            throw new IOException("as " + name + ": " + String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    /**
     * The user this process runs as, as the kernel sees it.
     *
     * @return the uid
     */
    public static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * Runs a shell command line as the user and waits for it.
     *
     * @param script the command line for {@code sh -c}
     * @return its standard output and error
     * @throws IOException if it fails, with its output
     */
    public String shell(String script) throws IOException {
        Run result = run(command(List.of("sh", "-c", script)));
        if (result.exitCode() != 0) {
            throw new IOException("as " + name + ": " + script + " failed (" + result.exitCode() + "): " + result.output().strip());
        }
        return result.output();
    }

    /** Removes a user made by {@link #create()}; a user from {@link #ensure} stays. */
    @Override
    public void close() throws IOException {
        if (throwAway) {
            Run del = run(List.of("userdel", name));
            if (del.exitCode() != 0) {
                throw new IOException("userdel " + name + " failed: " + del.output().strip());
            }
        }
    }

    private static String useradd() {
        return Prerequisites.require("useradd", "passwd").toString();
    }

    private static int id(String option, String name) {
        return Integer.parseInt(run(List.of("id", option, name)).output().strip());
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
