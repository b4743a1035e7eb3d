package io.certkeeper.acme.account;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.AtomicFiles;
import io.certkeeper.acme.store.FileTrust;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The files of the account stored for one CA: {@code account.key} (PEM, 0600), {@code account.url},
 * and, only while a key change is under way, {@code account.key.next} (PEM, 0600).
 *
 * <p>A file is read, and the directory written, only while root and the current user are the only
 * ones who can change them and the directories above them ({@link FileTrust}): whoever could
 * swap the key could act as the account. Checked on each use; accounts are read once per order.
 *
 * <p>Not thread-safe: callers hold the certificate store's lock.
 */
final class AccountFiles {

    /** The account's key pair. */
    static final String KEY = "account.key";
    /** The account's URL at the CA. */
    static final String URL = "account.url";
    /** The new key of a key change, kept until the CA has taken it and {@link #KEY} holds it. */
    static final String NEXT_KEY = "account.key.next";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;

    AccountFiles(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path keyFile() {
        return directory.resolve(KEY);
    }

    Path nextKeyFile() {
        return directory.resolve(NEXT_KEY);
    }

    /** Whether a key and an account URL are stored. */
    boolean exist() {
        return Files.isRegularFile(keyFile()) && Files.isRegularFile(directory.resolve(URL));
    }

    KeyPair readKey() throws StoreIOException, UntrustedPathException {
        return readKey(keyFile(), "restore it from a backup, or move the directory away to register a new account");
    }

    /** The key of a key change that was interrupted, if one was. */
    Optional<KeyPair> readNextKey() throws StoreIOException, UntrustedPathException {
        if (!Files.exists(nextKeyFile())) {
            return Optional.empty();
        }
        return Optional.of(readKey(nextKeyFile(), "move it away; " + KEY + " holds the key used before the change"));
    }

    URL readUrl() throws StoreIOException, UntrustedPathException {
        Path file = directory.resolve(URL);
        FileTrust.require(file, "the account URL");
        try {
            return URI.create(Files.readString(file, StandardCharsets.UTF_8).strip()).toURL();
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read the account URL", file, e, "");
        } catch (IllegalArgumentException e) {
            throw new StoreIOException("The account URL in " + file + " is damaged; delete the directory to register anew",
                    file, new IOException(e));
        }
    }

    /**
     * Stores a newly registered account, the key first: a crash in between leaves a key without a
     * URL, which counts as no account.
     */
    void save(KeyPair key, URL location) throws StoreIOException, UntrustedPathException {
        FileTrust.require(directory, "the account directory");
        try {
            AtomicFiles.createDirectories(directory.getParent(), AtomicFiles.PRIVATE_DIRECTORY);
            AtomicFiles.createDirectory(directory, AtomicFiles.PRIVATE_DIRECTORY);
            AtomicFiles.replace(keyFile(), Pem.encodeKeyPair(key).getBytes(StandardCharsets.US_ASCII), AtomicFiles.PRIVATE);
            AtomicFiles.replace(directory.resolve(URL), (location + "\n").getBytes(StandardCharsets.UTF_8),
                    AtomicFiles.PUBLIC);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot save the new account in", directory, e,
                    "the account " + location + " was registered at the CA but is not stored");
        }
    }

    /** Writes the new key of a key change before the CA is asked to take it. */
    void writeNextKey(KeyPair key) throws StoreIOException, UntrustedPathException {
        FileTrust.require(directory, "the account directory");
        try {
            AtomicFiles.replace(nextKeyFile(), Pem.encodeKeyPair(key).getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot write the new account key", nextKeyFile(), e,
                    "nothing was sent to the CA; the account keeps its key");
        }
    }

    /**
     * Makes the new key of a key change the account's key, once the CA has taken it. One rename
     * replaces {@code account.key} and removes the side file in the same step.
     */
    void promoteNextKey() throws StoreIOException {
        try {
            Files.move(nextKeyFile(), keyFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot replace the account key", keyFile(), e,
                    "the CA has the new key, which is kept in " + nextKeyFile() + "; the next command completes the change");
        }
        AtomicFiles.syncDirectory(directory);
    }

    /** Removes the new key of a key change the CA did not take. */
    void discardNextKey() throws StoreIOException {
        try {
            Files.deleteIfExists(nextKeyFile());
        } catch (IOException e) {
            throw StoreIOException.of("Cannot remove the unused account key", nextKeyFile(), e,
                    "the account keeps its key in " + KEY);
        }
        AtomicFiles.syncDirectory(directory);
    }

    /**
     * Renames the directory to {@code <name>.deactivated-<UTC time>}, so that the next
     * registration starts afresh while the old key stays for the record.
     *
     * @param now the time for the new name
     * @return the new directory
     */
    Path moveAside(Instant now) throws StoreIOException {
        Path target = directory.resolveSibling(directory.getFileName() + ".deactivated-" + STAMP.format(now));
        try {
            Files.move(directory, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot move the deactivated account's files aside to", target, e,
                    "the account is deactivated at the CA; move " + directory + " away by hand so that a new one can be registered");
        }
        AtomicFiles.syncDirectory(directory.getParent());
        return target;
    }

    private static KeyPair readKey(Path file, String fix) throws StoreIOException, UntrustedPathException {
        FileTrust.require(file, "the account key");
        try {
            return Pem.readKeyPair(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read the account key", file, e, "");
        } catch (IllegalArgumentException e) {
            throw new StoreIOException("The account key " + file + " is damaged (" + e.getMessage() + "); " + fix, file,
                    new IOException(e));
        }
    }
}
