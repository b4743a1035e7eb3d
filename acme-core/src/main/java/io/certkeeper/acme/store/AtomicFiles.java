package io.certkeeper.acme.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file operations that keep the store consistent across crashes: whole files appear under
 * their final name only once written and forced to disk, and a symbolic link is replaced by
 * renaming a new link over it, never by deleting it first.
 *
 * <p>Modes are set explicitly after creation, so they do not depend on the process umask.
 * Public so that the account and challenge stores write the same way; not an API for applications.
 */
public final class AtomicFiles {

    /** {@code rw-------}: private keys, account keys. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** {@code rw-r--r--}: certificates, challenge files, metadata. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    /** {@code rwx------}: directories holding private keys. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rwxr-xr-x}: the missing directories above a store, as {@code mkdir -p} makes them under umask 022. */
    public static final Set<PosixFilePermission> PUBLIC_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    /** Every temporary name starts with this, so leftovers of a crash can be recognised and removed. */
    static final String TEMP_PREFIX = ".certkeeper-tmp-";

    private AtomicFiles() {
    }

    /**
     * Writes a new file: to a temporary name in the same directory, forced to disk, then renamed.
     * The file's mode is set before any content is written, so a key is never readable by others.
     *
     * @param target the final name; must not exist
     * @param content the bytes
     * @param mode the file's permissions
     * @throws FileAlreadyExistsException if the target exists; it is left as it is
     * @throws IOException if writing fails; the temporary file is then removed, best-effort
     */
    public static void writeNew(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content, mode, false);
    }

    /**
     * Replaces a file's content atomically, creating it if missing: readers see the old content or
     * the new, never a part.
     *
     * @param target the file
     * @param content the bytes
     * @param mode the file's permissions
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content, mode, true);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path temp = temporarySibling(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attributes(temp, mode))) {
                setMode(temp, mode);
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // rename(2) would replace an existing file; an archive version is never rewritten.
            if (replace) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /**
     * Points a symbolic link at a new target in one atomic step: readers see the old target or the
     * new one, never a missing link.
     *
     * @param link the link to create or replace
     * @param target the link's new content, typically a relative path
     * @throws IOException if the link cannot be created or renamed; the old link is then unchanged
     */
    static void replaceSymlink(Path link, Path target) throws IOException {
        Path temp = temporarySibling(link);
        try {
            Files.createSymbolicLink(temp, target);
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /**
     * Creates a directory with the given mode unless it exists; an existing one is left as it is,
     * so a mode its owner chose on purpose survives. A new directory's entry is forced to disk.
     *
     * @param dir the directory
     * @param mode its permissions if created
     * @throws IOException if it cannot be created
     */
    public static void createDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir, attributes(dir, mode));
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return; // created concurrently
            }
            throw e;
        }
        setMode(dir, mode);
        syncDirectory(dir.getParent()); // so that the new entry survives a crash too
    }

    /**
     * Creates a directory with the given mode and its missing parents with {@link #PUBLIC_DIRECTORY},
     * whatever the umask: a parent that others could write to would let them replace everything
     * below it, and a parent only its owner could enter would lock out the users a web server
     * runs as.
     *
     * @param dir the directory
     * @param mode the permissions of the directory itself if created
     * @throws IOException if one cannot be created
     */
    public static void createDirectories(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute) && absolute.getParent() != null) {
            createDirectories(absolute.getParent(), PUBLIC_DIRECTORY);
        }
        createDirectory(absolute, mode);
    }

    /**
     * Forces a directory's entries to disk, so that renames and new links in it survive a crash.
     *
     * @param dir the directory
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or fsync a directory; the files themselves are
            // already on disk, and there is nothing better to do than carry on.
        }
    }

    /** Removes leftovers of interrupted writes in a directory, best-effort. */
    static void removeTemporaries(Path dir) {
        try (var entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            // Leftovers are harmless: nothing links to them and new names never collide with them.
        }
    }

    private static Path temporarySibling(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> mode) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    private static void deleteQuietly(Path path, Exception primary) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
