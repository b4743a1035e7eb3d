package io.certkeeper.acme.challenge;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One webroot directory and the challenge files certkeeper keeps in it.
 *
 * <p>The webroot's owner is not trusted: below the webroot, nothing is reached through a symbolic
 * link, and every step is taken on an open directory handle ({@link WebrootTree}). A
 * {@code .well-known} or {@code acme-challenge} that is a link, or that belongs to someone other
 * than root, certkeeper's user or the webroot's owner, is refused. Clean-up removes only the files
 * and directories this object made, recognised by their file keys (device and inode).
 *
 * <p>Thread-safe: publishing and withdrawing in one webroot are serialised, so that removing a
 * directory that became empty cannot race with a token being written into it.
 */
final class Webroot {

    private static final String WELL_KNOWN = ".well-known";
    private static final String CHALLENGES = "acme-challenge";

    private final Path root;
    private final Path wellKnown;
    private final Path challengeDirectory;
    /** The file key of each token file this object wrote and has not withdrawn. Guarded by {@code this}. */
    private final Map<String, Object> published = new HashMap<>();
    /** Directories this object created, innermost last; removed again once empty. Guarded by {@code this}. */
    private final Deque<Created> created = new ArrayDeque<>();

    /** A directory this object created, by its name ({@code .well-known} or {@code acme-challenge}) and file key. */
    private record Created(String name, Object key) {
    }

    Webroot(Path root) {
        this.root = root;
        this.wellKnown = root.resolve(WELL_KNOWN);
        this.challengeDirectory = wellKnown.resolve(CHALLENGES);
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
        Path innermost = root;
        try {
            WebrootOwners owners = WebrootOwners.of(Files.getOwner(root), root);
            for (Path dir : new Path[] {wellKnown, challengeDirectory}) {
                PosixFileAttributes found;
                try {
                    found = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    break;
                }
                Optional<String> problem = owners.problem(dir, found);
                if (problem.isPresent()) {
                    return Optional.of("cannot hold challenges: " + problem.get());
                }
                innermost = dir;
            }
        } catch (IOException e) {
            return Optional.of("cannot be read: " + StoreIOException.reason(e) + "; check its permissions");
        }
        // A token goes into the innermost directory; a missing directory is staged in the root, then moved there.
        for (Path dir : innermost.equals(challengeDirectory) ? new Path[] {innermost} : new Path[] {innermost, root}) {
            if (!Files.isWritable(dir)) {
                return Optional.of("is not writable (" + dir + "); run certkeeper as a user that may write there, "
                        + "or fix its permissions or mount");
            }
        }
        return Optional.empty();
    }

    /** Writes the key authorization to {@code .well-known/acme-challenge/<token>}, atomically, mode 0644. */
    synchronized void publish(Http01Token token) throws CertkeeperException {
        Path file = fileFor(token);
        byte[] content = token.keyAuthorization().getBytes(StandardCharsets.US_ASCII);
        try (WebrootTree tree = WebrootTree.open(root);
                SecureDirectoryStream<Path> well = directory(tree, tree.top(), wellKnown, token);
                SecureDirectoryStream<Path> challenges = directory(tree, well, challengeDirectory, token)) {
            boolean trusted = tree.owners().onlyOursCanChange(WebrootTree.attributes(challenges));
            published.put(token.token(), tree.placeFile(challenges, token.token(), content, trusted));
        } catch (IOException e) {
            throw failure("Cannot write the challenge file", file, e);
        }
    }

    /** Opens {@code .well-known} or {@code acme-challenge}, creating it if it is missing, or refuses it. */
    private SecureDirectoryStream<Path> directory(WebrootTree tree, SecureDirectoryStream<Path> parent, Path path,
            Http01Token token) throws IOException, UntrustedPathException {
        String name = path.getFileName().toString();
        Optional<Object> made = Optional.empty();
        Optional<PosixFileAttributes> found = WebrootTree.entry(parent, name);
        if (found.isEmpty()) {
            made = tree.makeDirectory(parent, name);
            found = WebrootTree.entry(parent, name);
        }
        if (found.isEmpty()) {
            throw new NoSuchFileException(path.toString(), null, "removed while certkeeper created it");
        }
        if (!found.get().isDirectory() && !found.get().isSymbolicLink()) {
            throw new NotDirectoryException(path.toString());
        }
        refuseIfWrong(tree, path, found.get(), token); // before opening: a FIFO would block the open
        SecureDirectoryStream<Path> dir = WebrootTree.openDirectory(parent, name);
        try {
            PosixFileAttributes opened = WebrootTree.attributes(dir);
            refuseIfWrong(tree, path, opened, token);
            if (made.isPresent() && made.get().equals(opened.fileKey())) {
                created.addLast(new Created(name, opened.fileKey()));
            }
            return dir;
        } catch (IOException | UntrustedPathException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private void refuseIfWrong(WebrootTree tree, Path path, PosixFileAttributes found, Http01Token token)
            throws UntrustedPathException {
        Optional<String> problem = tree.owners().problem(path, found);
        if (problem.isPresent()) {
            throw new UntrustedPathException("Webroot " + root + " for " + token.domain() + " cannot hold challenges: "
                    + problem.get(), path);
        }
    }

    /**
     * Deletes the token's file if it is still the one {@link #publish} wrote, then the directories
     * {@link #publish} created if they are empty. A directory that was moved or replaced is left.
     */
    synchronized void withdraw(Http01Token token) throws StoreIOException {
        Path file = fileFor(token);
        Object key = published.remove(token.token());
        if (key == null && created.isEmpty()) {
            return;
        }
        try (WebrootTree tree = WebrootTree.open(root);
                SecureDirectoryStream<Path> well = openIfThere(tree.top(), WELL_KNOWN);
                SecureDirectoryStream<Path> challenges = well == null ? null : openIfThere(well, CHALLENGES)) {
            if (challenges != null && key != null) {
                try {
                    WebrootTree.deleteIfSame(challenges, token.token(), key, false);
                } catch (IOException e) {
                    throw failure("Cannot delete the challenge file", file, e);
                }
            }
            while (!created.isEmpty()) {
                Created dir = created.peekLast();
                SecureDirectoryStream<Path> parent = dir.name().equals(WELL_KNOWN) ? tree.top() : well;
                if (parent != null && !WebrootTree.deleteIfSame(parent, dir.name(), dir.key(), true)) {
                    return; // other tokens, or files someone else put there
                }
                created.removeLast();
            }
        } catch (IOException e) {
            // an empty directory left behind is harmless
        }
    }

    /** The directory, or null (a resource that try-with-resources skips) if it is missing, a link or not a directory. */
    private static SecureDirectoryStream<Path> openIfThere(SecureDirectoryStream<Path> parent, String name) {
        try {
            boolean directory = WebrootTree.entry(parent, name).map(PosixFileAttributes::isDirectory).orElse(false);
            return directory ? WebrootTree.openDirectory(parent, name) : null;
        } catch (IOException e) {
            return null;
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

    private StoreIOException failure(String action, Path path, IOException e) {
        return new StoreIOException(action + " " + path + ": " + StoreIOException.reason(e)
                + "; check that certkeeper may write to the webroot " + root, path, e);
    }
}
