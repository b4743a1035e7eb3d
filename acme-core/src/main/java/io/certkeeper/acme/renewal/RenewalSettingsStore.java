package io.certkeeper.acme.renewal;

import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.AtomicFiles;
import io.certkeeper.acme.store.FileTrust;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each lineage's {@link RenewalSettings} in {@code <config dir>/certkeeper/<name>.json}
 * (format: {@link RenewalSettingsCodec}), certkeeper's own file beside certbot's layout; certbot's
 * {@code renewal/*.conf} is never read or written.
 *
 * <p>Files are replaced atomically, mode 0600 in a 0700 directory, since they name commands that
 * renewals run. For the same reason a file is read, and the directory written, only while root
 * and the current user are the only ones who can change them and every directory above them
 * ({@link FileTrust}); each read checks again, since settings are read once per lineage and run.
 * Thread-safe; writers are expected to hold the certificate store's lock.
 */
public final class RenewalSettingsStore {

    private final Path directory;

    /**
     * Opens the settings of a config directory. Nothing is read or created yet.
     *
     * @param configDir the config directory, the certificate store's root
     */
    public RenewalSettingsStore(Path configDir) {
        this.directory = Objects.requireNonNull(configDir, "configDir").resolve("certkeeper");
    }

    /**
     * The file of a lineage's settings.
     *
     * @param name the lineage name
     * @return {@code <config dir>/certkeeper/<name>.json}
     * @throws IllegalArgumentException if the name is not a valid lineage name
     */
    public Path file(String name) {
        if (!Lineage.isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a certificate name");
        }
        return directory.resolve(name + ".json");
    }

    /**
     * Reads a lineage's settings.
     *
     * @param name the lineage name
     * @return the settings, or empty if none are stored
     * @throws StoreIOException if the file cannot be read or is damaged; the message names it
     * @throws UntrustedPathException if users other than root and the current user could change the
     *         file or a directory above it, whose commands renewals would run; the message names
     *         the path and the fix
     */
    public Optional<RenewalSettings> find(String name) throws StoreIOException, UntrustedPathException {
        Path file = file(name);
        FileTrust.require(file, "the renewal settings");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read the renewal settings", file, e, "");
        }
        try {
            return Optional.of(RenewalSettingsCodec.read(text));
        } catch (IllegalArgumentException e) {
            throw new StoreIOException("The renewal settings " + file + " are damaged (" + e.getMessage()
                    + "); fix the file, or run certkeeper certonly for these names again to rewrite it", file, new IOException(e));
        }
    }

    /**
     * Writes a lineage's settings, replacing any earlier ones.
     *
     * @param settings the settings
     * @throws StoreIOException if the file cannot be written; earlier settings then stay
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public void save(RenewalSettings settings) throws StoreIOException, UntrustedPathException {
        Path file = file(settings.name());
        FileTrust.require(directory, "the renewal settings directory");
        try {
            AtomicFiles.createDirectories(directory, AtomicFiles.PRIVATE_DIRECTORY);
            AtomicFiles.replace(file, RenewalSettingsCodec.write(settings).getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot save the renewal settings", file, e, "the earlier settings, if any, are unchanged");
        }
    }

    /**
     * Deletes a lineage's settings, if there are any.
     *
     * @param name the lineage name
     * @throws StoreIOException if the file exists and cannot be deleted
     */
    public void delete(String name) throws StoreIOException {
        Path file = file(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot delete the renewal settings", file, e, "");
        }
    }
}
