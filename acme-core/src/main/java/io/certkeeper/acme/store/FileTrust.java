package io.certkeeper.acme.store;

import io.certkeeper.acme.error.UntrustedPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file or directory that certkeeper acts on can be changed only by those it trusts: root
 * and the user certkeeper runs as. The rule is sshd's {@code StrictModes}: the path and every
 * directory above it must be owned by one of them and writable by neither group nor others.
 *
 * <p>One exception keeps ordinary setups working: a directory above the path that others may write
 * to but that has the sticky bit, such as {@code /tmp}, is accepted when its entry on the way down
 * is owned by root or the user, since the sticky bit keeps others from renaming or removing that
 * entry. A symbolic link on the way is judged twice: where it lies (whoever may write that
 * directory may point it elsewhere), and where it leads.
 *
 * <p>A path that does not exist yet is judged by its nearest existing ancestor. A file system
 * without POSIX modes is not judged.
 *
 * <p>Stateless and thread-safe.
 */
public final class FileTrust {

    private static final int ROOT = 0;

    private FileTrust() {
    }

    /**
     * Checks a path and the directories above it.
     *
     * @param path the file or directory
     * @param what what it is, as the message should name it, for example {@code "the config directory"}
     * @throws UntrustedPathException if someone other than root or the current user could change
     *         it; the one-line message names {@code what}, the path at fault and the command that
     *         fixes it
     */
    public static void require(Path path, String what) throws UntrustedPathException {
        Optional<Problem> problem = problem(path);
        if (problem.isPresent()) {
            Problem found = problem.get();
            throw new UntrustedPathException("Refusing " + what + " " + path + ": " + found, found.path());
        }
    }

    /**
     * Checks a path and the directories above it, without throwing.
     *
     * @param path the file or directory
     * @return the first problem found, from the root down, or empty if only trusted users can
     *         change the path
     */
    public static Optional<Problem> problem(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Set<Path> checked = new LinkedHashSet<>();
        try {
            return check(absolute, currentUid(), checked, 0);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty(); // no POSIX owners and modes to judge
        }
    }

    private static Optional<Problem> check(Path absolute, int self, Set<Path> checked, int depth) {
        if (depth > 40) {
            return Optional.of(new Problem(absolute, "behind too many symbolic links; give the real path"));
        }
        List<Path> chain = new ArrayList<>();
        for (Path p = absolute; p != null; p = p.getParent()) {
            chain.add(0, p);
        }
        Status parent = null;
        for (Path p : chain) {
            Status status;
            try {
                status = Status.of(p);
            } catch (NoSuchFileException e) {
                return Optional.empty(); // created later, under a directory already judged
            } catch (IOException e) {
                return Optional.of(new Problem(p, "unreadable (" + e.getMessage() + "); check its permissions"));
            }
            if (checked.add(p)) {
                Optional<Problem> own = judge(p, status, parent, self, p.equals(absolute));
                if (own.isPresent()) {
                    return own;
                }
            }
            if (status.link()) {
                Path target;
                try {
                    target = p.toRealPath();
                } catch (IOException e) {
                    return Optional.empty(); // a link to nothing: whoever follows it reports that
                }
                Optional<Problem> behind = check(target.resolve(p.relativize(absolute)).normalize(), self, checked, depth + 1);
                return behind;
            }
            parent = status;
        }
        return Optional.empty();
    }

    private static Optional<Problem> judge(Path path, Status status, Status parent, int self, boolean last) {
        if (status.link()) {
            return Optional.empty(); // a link's own owner and mode do not matter; its directory's do
        }
        if (status.uid() != ROOT && status.uid() != self) {
            return Optional.of(new Problem(path, "owned by uid " + status.uid() + ", not by root or the user certkeeper runs as"
                    + " (uid " + self + "); run chown " + (self == ROOT ? "root" : String.valueOf(self)) + " " + path));
        }
        Set<PosixFilePermission> mode = status.mode();
        boolean groupWrite = mode.contains(PosixFilePermission.GROUP_WRITE);
        boolean othersWrite = mode.contains(PosixFilePermission.OTHERS_WRITE);
        if (!groupWrite && !othersWrite) {
            return Optional.empty();
        }
        if (!last && status.directory() && status.sticky()) {
            return Optional.empty(); // like /tmp: others cannot move what the next step names
        }
        String who = groupWrite && othersWrite ? "group and others" : groupWrite ? "its group" : "others";
        String bits = groupWrite && othersWrite ? "go-w" : groupWrite ? "g-w" : "o-w";
        return Optional.of(new Problem(path, "writable by " + who + " (" + PosixFilePermissions.toString(mode)
                + "); run chmod " + bits + " " + path));
    }

    private static int currentUid() {
        return CurrentUser.UID;
    }

    /** The user this JVM runs as, read once: a JVM never changes it. */
    private static final class CurrentUser {

        static final int UID = read();

        private static int read() {
            try {
                // Linux: the effective uid is the second number of the Uid: line.
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no /proc: ask the JDK's own module, present in every full JDK
            }
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        }
    }

    /**
     * What makes a path untrusted.
     *
     * @param path the path at fault: the one checked, or a directory above it
     * @param text what is wrong with it and the command that fixes it, in words that follow the path
     */
    public record Problem(Path path, String text) {

        /**
         * Validates the fields.
         *
         * @param path the path at fault: the one checked, or a directory above it
         * @param text what is wrong with it and the command that fixes it, in words that follow the path
         */
        public Problem {
            java.util.Objects.requireNonNull(path, "path");
            java.util.Objects.requireNonNull(text, "text");
        }

        /**
         * The problem as one sentence.
         *
         * @return the path followed by the text
         */
        @Override
        public String toString() {
            return path + " is " + text;
        }
    }

    private record Status(int uid, Set<PosixFilePermission> mode, boolean directory, boolean link, boolean sticky) {

        static Status of(Path path) throws IOException {
            var attributes = Files.readAttributes(path, "unix:uid,mode,isDirectory,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
            int rawMode = (Integer) attributes.get("mode");
            return new Status((Integer) attributes.get("uid"), modeOf(rawMode), (Boolean) attributes.get("isDirectory"),
                    (Boolean) attributes.get("isSymbolicLink"), (rawMode & 01000) != 0);
        }

        private static Set<PosixFilePermission> modeOf(int raw) {
            Set<PosixFilePermission> mode = java.util.EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
            for (int i = 0; i < bits.length; i++) {
                if ((raw & (0400 >> i)) != 0) {
                    mode.add(bits[i]);
                }
            }
            return mode;
        }
    }
}
