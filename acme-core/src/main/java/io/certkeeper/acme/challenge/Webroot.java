package io.certkeeper.acme.challenge;

import io.certkeeper.acme.error.StoreIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One webroot directory and the challenge files certkeeper keeps in it.
 *
 * <p>Thread-safe: publishing and withdrawing in one webroot are serialised, so that removing a
 * directory that became empty cannot race with a token being written into it.
 */
final class Webroot {

    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String TEMP_PREFIX = ".certkeeper-tmp-";

    private final Path root;
    private final Path wellKnown;
    private final Path challengeDirectory;
    /** Directories this object created, innermost last; removed again once empty. Guarded by {@code this}. */
    private final Deque<Path> created = new ArrayDeque<>();

    Webroot(Path root) {
        this.root = root;
        this.wellKnown = root.resolve(".well-known");
        this.challengeDirectory = wellKnown.resolve("acme-challenge");
    }

    Path root() {
        return root;
    }

    /**
     * Why a token could not be written here, found without writing anything.
     *
     * @return the problem, phrased to follow the webroot's path, or empty if tokens can be written
     */
    Optional<String> problem() {
        if (!Files.exists(root)) {
            return Optional.of("does not exist; create it or pass the directory nginx serves with -w");
        }
        if (!Files.isDirectory(root)) {
            return Optional.of("is not a directory; pass the directory nginx serves with -w");
        }
        // The innermost directory that exists is where a token or a missing directory is written.
        for (Path dir : new Path[] {challengeDirectory, wellKnown, root}) {
            if (!Files.exists(dir)) {
                continue;
            }
            if (!Files.isDirectory(dir)) {
                return Optional.of("cannot hold challenges: " + dir + " is not a directory; remove it");
            }
            if (!Files.isWritable(dir)) {
                return Optional.of("is not writable (" + dir + "); run certkeeper as a user that may write there, "
                        + "or fix its permissions or mount");
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Writes the key authorization to {@code .well-known/acme-challenge/<token>}, atomically, mode 0644. */
    synchronized void publish(Http01Token token) throws StoreIOException {
        Path file = fileFor(token);
        // Not derived from the token: a token may already be as long as a file name can be.
        Path temp = challengeDirectory.resolve(TEMP_PREFIX
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            ensureDirectory(wellKnown);
            ensureDirectory(challengeDirectory);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(FILE_MODE))) {
                // The umask may have narrowed the mode at creation; the web server must be able to read it.
                Files.setPosixFilePermissions(temp, FILE_MODE);
                ByteBuffer content = ByteBuffer.wrap(token.keyAuthorization().getBytes(StandardCharsets.US_ASCII));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
            }
            // No fsync: a challenge file is worthless after a crash, only readers must never see half of it.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("Cannot write the challenge file", file, e);
        }
    }

    /** Deletes the token's file, then the directories {@link #publish} created if they are empty. */
    synchronized void withdraw(Http01Token token) throws StoreIOException {
        Path file = fileFor(token);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure("Cannot delete the challenge file", file, e);
        }
        while (!created.isEmpty()) {
            Path dir = created.peekLast();
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return; // other tokens, or files someone else put there
            } catch (NoSuchFileException e) {
                // already gone; forget it
            } catch (IOException e) {
                return; // an empty directory left behind is harmless
            }
            created.removeLast();
        }
    }

    private Path fileFor(Http01Token token) {
        Path file = challengeDirectory.resolve(token.token()).normalize();
        // Http01Token admits only base64url, so this holds; checked again because it guards a write.
        if (!challengeDirectory.equals(file.getParent()) || !file.startsWith(root)) {
            throw new IllegalArgumentException("challenge token " + token.token() + " would leave " + challengeDirectory);
        }
        return file;
    }

    private void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
        created.addLast(dir);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temporary file is harmless: nobody asks for its name
        }
    }

    private StoreIOException failure(String action, Path path, IOException e) {
        return new StoreIOException(action + " " + path + ": " + StoreIOException.reason(e)
                + "; check that certkeeper may write to the webroot " + root, path, e);
    }
}
