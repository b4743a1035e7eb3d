package io.certkeeper.acme.challenge;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private directory, mode 0700, made directly in a webroot, in which a file or directory is
 * made and given its mode before it is moved into place. Nobody but root and certkeeper's user can
 * add to it, so what is made in it through its handle is what certkeeper made. The webroot's owner
 * may still rename it: it is used only through its handle, and removed only if it is still there
 * under its name.
 *
 * <p>Not thread-safe; closed by the one call that made it.
 */
final class StagingDirectory implements AutoCloseable {

    private static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rwx------");
    private static final String PREFIX = ".certkeeper-";
    private static final int ATTEMPTS = 5;

    private final SecureDirectoryStream<Path> top;
    private final Path name;
    private final SecureDirectoryStream<Path> handle;
    private final Object key;

    private StagingDirectory(SecureDirectoryStream<Path> top, Path name, SecureDirectoryStream<Path> handle, Object key) {
        this.top = top;
        this.name = name;
        this.handle = handle;
        this.key = key;
    }

    /**
     * Makes and opens a staging directory.
     *
     * @param root the webroot's path, trusted
     * @param top the webroot's handle
     * @param owners who counts as certkeeper itself
     * @throws IOException if the webroot cannot be written, or what was made was replaced each time
     */
    static StagingDirectory create(Path root, SecureDirectoryStream<Path> top, WebrootOwners owners) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path name = Path.of(PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                // By path, but only the new last component is resolved below the trusted root, and mkdir never follows it.
                Files.createDirectory(root.resolve(name), PosixFilePermissions.asFileAttribute(PRIVATE_MODE));
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            Optional<StagingDirectory> opened = open(top, name, owners);
            if (opened.isPresent()) {
                return opened.get();
            }
            if (attempt >= ATTEMPTS) {
                throw new FileSystemException(root.resolve(name).toString(), null,
                        "a private directory certkeeper made was replaced before it could be used, " + ATTEMPTS + " times");
            }
        }
    }

    /** Opens the directory just made; empty if what is there now is not an empty, private one of ours. */
    private static Optional<StagingDirectory> open(SecureDirectoryStream<Path> top, Path name, WebrootOwners owners)
            throws IOException {
        SecureDirectoryStream<Path> handle;
        try {
            handle = top.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        PosixFileAttributes own = handle.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
        boolean ours = owners.isOurs(own.owner()) && PRIVATE_MODE.containsAll(own.permissions())
                && !handle.iterator().hasNext();
        if (!ours) {
            handle.close();
            return Optional.empty();
        }
        // mkdir applied the umask: certkeeper must be able to enter it, and nobody else.
        handle.getFileAttributeView(PosixFileAttributeView.class).setPermissions(PRIVATE_MODE);
        return Optional.of(new StagingDirectory(top, name, handle, own.fileKey()));
    }

    /** Its name in the webroot, while it is there. */
    Path name() {
        return name;
    }

    /** Its handle, valid wherever it is moved. */
    SecureDirectoryStream<Path> handle() {
        return handle;
    }

    /** Its file key. */
    Object key() {
        return key;
    }

    /** Removes the directory if it is still in the webroot under its name, and empty. */
    @Override
    public void close() throws IOException {
        try (handle) {
            WebrootTree.deleteIfSame(top, name.toString(), key, true);
        }
    }
}
