package io.certkeeper.acme.testing;

import java.io.IOException;
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
 * A throw-away unprivileged user, made with {@code useradd} and removed on {@link #close()}, to
 * act as a local attacker would: own files, write them, run programs as itself with
 * {@code runuser}. Needs root; mark the test {@link RequiresSecondUser}.
 */
public final class LocalUser implements AutoCloseable {

    private final String name;
    private final int uid;

    private LocalUser(String name, int uid) {
        this.name = name;
        this.uid = uid;
    }

    /**
     * Creates a user with a random name, no home directory and no login shell.
     *
     * @return the user
     * @throws IOException if {@code useradd} fails
     */
    public static LocalUser create() throws IOException, InterruptedException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "ck-" + HexFormat.of().formatHex(random);
        exec(List.of("useradd", "--no-create-home", "--no-user-group", "--home-dir", "/nonexistent", "--shell",
                "/usr/sbin/nologin", name));
        int uid = Integer.parseInt(exec(List.of("id", "-u", name)).strip());
        return new LocalUser(name, uid);
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** The user's numeric ID. */
    public int uid() {
        return uid;
    }

    /**
     * Makes the user the owner of a file or directory (not following a link).
     *
     * @param path the path
     * @return the path
     */
    public Path own(Path path) throws IOException {
        UserPrincipal principal = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        Files.setOwner(path, principal);
        return path;
    }

    /**
     * Runs a shell command line as the user, with {@code runuser}, and waits for it.
     *
     * @param script the command line for {@code sh -c}
     * @return its standard output
     * @throws IOException if it fails, with its output
     */
    public String shell(String script) throws IOException, InterruptedException {
        return exec(List.of("runuser", "-u", name, "--", "sh", "-c", script));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        exec(List.of("userdel", name));
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
        }
        return output;
    }
}
