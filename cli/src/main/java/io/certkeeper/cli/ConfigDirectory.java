package io.certkeeper.cli;

import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.FileTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the config directory before anything is read from or written to it.
 *
 * <p>A symbolic link is followed, as certbot follows one at {@code /etc/letsencrypt}: keeping the
 * directory on a volume mounted elsewhere and linking to it is an ordinary setup. It is said once
 * on standard error, so that nobody is surprised where the keys went; the paths printed and used
 * stay the ones given, as a web server's configuration names them. A link to nothing, a loop, or a
 * path that is no directory is bad input.
 *
 * <p>A directory that a user other than root and the one certkeeper runs as could change is
 * refused, as sshd's {@code StrictModes} refuses such a home directory ({@link FileTrust}): the
 * directory, those above it, and its {@code certkeeper/} and {@code accounts/}. Whoever could
 * write there could plant renewal settings whose hooks certkeeper runs, or swap keys. The library
 * checks the same where it reads; checking here first refuses before any command starts its work.
 */
final class ConfigDirectory {

    private ConfigDirectory() {
    }

    /**
     * Checks the directory, printing a note for a link.
     *
     * @param dir the config directory; it need not exist yet
     * @param err where notes go
     * @return a description of what is wrong with it, or empty if it can be used
     * @throws UntrustedPathException if a user other than root and the current one could change the
     *         directory, one above it, or its {@code certkeeper/} or {@code accounts/}; the message
     *         names the path and the {@code chmod} or {@code chown} that fixes it
     */
    static Optional<String> check(Path dir, PrintWriter err) throws UntrustedPathException {
        if (Files.isSymbolicLink(dir)) {
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                return Optional.of("the config directory " + dir + " is a symbolic link to " + target(dir)
                        + ", which cannot be followed (" + StoreIOException.reason(e)
                        + "); create its target or choose another directory with --config-dir");
            }
            err.println("Note: the config directory " + dir + " is a symbolic link; certkeeper follows it to " + real + ".");
            err.flush();
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of("the config directory " + dir + " is not a directory; choose another with --config-dir");
        }
        FileTrust.require(dir, "the config directory"); // a missing one: before it is created below its parent
        FileTrust.require(dir.resolve("certkeeper"), "the renewal settings directory");
        FileTrust.require(dir.resolve("accounts"), "the accounts directory");
        return Optional.empty();
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }
}
