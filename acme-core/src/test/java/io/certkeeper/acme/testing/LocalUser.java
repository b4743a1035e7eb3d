package io.certkeeper.acme.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged system user for tests that play a local attacker, such as a webroot's owner:
 * created with {@code useradd} (no home, no login shell) on first use and reused afterwards, and
 * commands run as it with {@code runuser}. Needs root; a class using it is annotated with
 * {@link RequiresRoot}.
 *
 * @param name the user's name
 * @param uid its uid
 */
public record LocalUser(String name, int uid) {

    /**
     * Finds the user, or creates it.
     *
     * @param name a system user name, such as {@code certkeeper-attacker}
     * @return the user
     * @throws IllegalStateException if it cannot be created
     */
    public static LocalUser ensure(String name) {
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("not a portable user name: " + name);
        }
        Run id = run(List.of("id", "-u", name));
        if (id.exitCode() != 0) {
            Run add = run(List.of(Prerequisites.require("useradd", "passwd").toString(), "--system", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name));
            // Another test may have created it at the same moment.
            if (add.exitCode() != 0 && run(List.of("id", "-u", name)).exitCode() != 0) {
                throw new IllegalStateException("useradd " + name + " failed: " + add.output());
            }
            id = run(List.of("id", "-u", name));
        }
        return new LocalUser(name, Integer.parseInt(id.output().strip()));
    }

    /** Whether this JVM runs as root. */
    public static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
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
