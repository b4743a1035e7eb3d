package io.certkeeper.acme.challenge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A webroot opened as a directory handle, and the operations below it that never follow a
 * symbolic link: every step is opened, created, renamed or deleted relative to an open directory
 * ({@code openat}, {@code renameat}, {@code unlinkat}, {@code fchmod} on a handle).
 *
 * <p>The webroot's own path is trusted: the administrator gave it. Everything inside may be
 * changed at any moment by the webroot's owner. Java cannot {@code mkdirat}, so a new directory or
 * file is made in a private staging directory created directly in the webroot (only its last,
 * new component is resolved by path, and {@code mkdir} never follows it), given its mode there
 * through its handle, and renamed into place between two handles.
 *
 * <p>Not thread-safe: one {@link Webroot} call uses one tree, then closes it.
 */
final class WebrootTree implements AutoCloseable {

    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String TEMP_PREFIX = ".certkeeper-tmp-";
    /** Not a token's name, which has no dot. */
    private static final Path STAGED_FILE = Path.of(".file");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    private final SecureDirectoryStream<Path> top;
    private final WebrootOwners owners;

    private WebrootTree(Path root, SecureDirectoryStream<Path> top, WebrootOwners owners) {
        this.root = root;
        this.top = top;
        this.owners = owners;
    }

    /**
     * Opens the webroot, following links in its own path (the administrator chose it).
     *
     * @throws IOException if it cannot be opened, or the platform has no directory handles
     */
    static WebrootTree open(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (!(stream instanceof SecureDirectoryStream<Path> handle)) {
            stream.close();
            throw new FileSystemException(root.toString(), null,
                    "this platform cannot open directories without following links, which webroot mode needs (use Linux)");
        }
        try {
            return new WebrootTree(root, handle, WebrootOwners.of(attributes(handle).owner(), root));
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    SecureDirectoryStream<Path> top() {
        return top;
    }

    WebrootOwners owners() {
        return owners;
    }

    /** The directory's own attributes, from its handle ({@code fstat}). */
    static PosixFileAttributes attributes(SecureDirectoryStream<Path> dir) throws IOException {
        return dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
    }

    /** An entry's attributes, not following a link ({@code fstatat}); empty if there is none. */
    static Optional<PosixFileAttributes> entry(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Opens a subdirectory with {@code O_NOFOLLOW}: a link in its place fails to open. */
    static SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> parent, String name) throws IOException {
        return parent.newDirectoryStream(Path.of(name), NOFOLLOW);
    }

    /**
     * Creates a directory, mode 0755 whatever the umask, by staging it and renaming it into place.
     *
     * @return its file key, or empty if something else appeared under that name meanwhile
     */
    Optional<Object> makeDirectory(SecureDirectoryStream<Path> parent, String name) throws IOException {
        try (StagingDirectory staging = StagingDirectory.create(root, top, owners)) {
            staging.handle().getFileAttributeView(PosixFileAttributeView.class).setPermissions(DIRECTORY_MODE);
            try {
                top.move(staging.name(), parent, Path.of(name));
            } catch (IOException e) {
                if (entry(parent, name).isPresent()) {
                    return Optional.empty(); // made by someone else: the caller judges it like any other
                }
                throw e;
            }
            return Optional.of(staging.key());
        }
    }

    /**
     * Writes a file atomically, mode 0644 whatever the umask, replacing one of the same name.
     * It is staged in the webroot; where the webroot cannot be written (a read-only root with a
     * writable challenge directory) or is another file system, it is written in the directory.
     *
     * @param trustedDirectory whether only root and certkeeper's user can change {@code dir}'s entries
     * @return the file key of the file written
     */
    Object placeFile(SecureDirectoryStream<Path> dir, String name, byte[] content, boolean trustedDirectory)
            throws IOException {
        StagingDirectory staging;
        try {
            staging = StagingDirectory.create(root, top, owners);
        } catch (IOException e) {
            return writeInPlace(dir, name, content, trustedDirectory);
        }
        try (staging) {
            try {
                Object key = write(staging.handle(), STAGED_FILE, content, true);
                staging.handle().move(STAGED_FILE, dir, Path.of(name));
                return key;
            } catch (AtomicMoveNotSupportedException e) {
                // the challenge directory is a mount of its own: written there instead
            } finally {
                deleteQuietly(staging.handle(), STAGED_FILE); // nobody else can enter the staging directory
            }
        }
        return writeInPlace(dir, name, content, trustedDirectory);
    }

    private static Object writeInPlace(SecureDirectoryStream<Path> dir, String name, byte[] content, boolean trusted)
            throws IOException {
        // Not derived from the token: a token may already be as long as a file name can be.
        Path temp = Path.of(TEMP_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        Object key = write(dir, temp, content, trusted);
        try {
            dir.move(temp, dir, Path.of(name));
        } catch (IOException e) {
            deleteIfSame(dir, temp.toString(), key, false);
            throw e;
        }
        return key;
    }

    /**
     * Creates a new file ({@code O_CREAT|O_EXCL|O_NOFOLLOW}) and writes it. Its mode is set by
     * name only where nobody else can swap the entry; elsewhere it must have come out 0644.
     */
    private static Object write(SecureDirectoryStream<Path> dir, Path name, byte[] content, boolean maySetMode)
            throws IOException {
        try (SeekableByteChannel channel = dir.newByteChannel(name, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(FILE_MODE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        // No fsync: a challenge file is worthless after a crash, only readers must never see half of it.
        PosixFileAttributeView view = dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW);
        if (maySetMode) {
            view.setPermissions(FILE_MODE); // the umask may have narrowed it; the web server must read it
        }
        PosixFileAttributes written = view.readAttributes();
        if (!written.permissions().equals(FILE_MODE)) {
            deleteIfSame(dir, name.toString(), written.fileKey(), false);
            throw new FileSystemException(name.toString(), null, "the umask made it "
                    + PosixFilePermissions.toString(written.permissions()) + ", which the web server may not read,"
                    + " and its directory is writable by others; run certkeeper with umask 022");
        }
        return written.fileKey();
    }

    /**
     * Deletes an entry only if it is still the file or directory with the given key.
     *
     * @return false if the directory is not empty; true if it was deleted or is no longer there
     */
    static boolean deleteIfSame(SecureDirectoryStream<Path> dir, String name, Object key, boolean directory)
            throws IOException {
        Optional<PosixFileAttributes> found = entry(dir, name);
        if (found.isEmpty() || !key.equals(found.get().fileKey())) {
            return true; // gone, or replaced by someone else's: not ours to delete
        }
        try {
            if (directory) {
                dir.deleteDirectory(Path.of(name));
            } else {
                dir.deleteFile(Path.of(name));
            }
        } catch (NoSuchFileException e) {
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
        return true;
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException e) {
            // moved into place already, or a leftover in a directory nobody serves
        }
    }

    @Override
    public void close() throws IOException {
        top.close();
    }
}
