package io.certkeeper.cli;

import io.certkeeper.acme.error.StoreIOException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the config directory before anything is read from or written to it.
 *
 * <p>A symbolic link is followed, as certbot follows one at {@code /etc/letsencrypt}: keeping the
 * directory on a volume mounted elsewhere and linking to it is an ordinary setup. It is said once
 * on standard error, so that nobody is surprised where the keys went; the paths printed and used
 * stay the ones given, as a web server's configuration names them. A link to nothing, a loop, or a
 * path that is no directory is bad input. A directory every user may write to still works, with a
 * warning: anyone could replace the certificates and keys there.
 */
final class ConfigDirectory {

    private ConfigDirectory() {
    }

    /**
     * Checks the directory, printing a note for a link and a warning for a directory others may
     * write to.
     *
     * @param dir the config directory; it need not exist yet
     * @param err where notes and warnings go
     * @return a description of what is wrong with it, or empty if it can be used
     */
    static Optional<String> check(Path dir, PrintWriter err) {
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
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("the config directory " + dir + " is not a directory; choose another with --config-dir");
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(dir);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty(); // no POSIX modes to judge; the store reports what it cannot do
        }
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            err.println("WARNING: the config directory " + dir + " is writable by every user ("
                    + PosixFilePermissions.toString(mode) + "): anyone could replace the certificates and keys in it; "
                    + "run chmod o-w " + dir);
            err.flush();
        }
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
