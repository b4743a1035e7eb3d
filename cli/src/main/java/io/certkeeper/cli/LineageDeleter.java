package io.certkeeper.cli;

import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.store.StoreLock;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Deletes a lineage with everything certkeeper keeps for it: {@code live/<name>/},
 * {@code archive/<name>/} (every version, keys included) and {@code certkeeper/<name>.json}, under
 * the store lock so that no renewal writes into it meanwhile. For {@code delete} and
 * {@code revoke --delete-after-revoke}. A broken lineage can be deleted too: nothing is read first.
 */
final class LineageDeleter {

    private final CertificateStore store;
    private final RenewalSettingsStore settingsStore;

    /**
     * Creates the deleter for a config directory.
     *
     * @param configDir the config directory, already checked
     */
    LineageDeleter(Path configDir) {
        this.store = new CertificateStore(configDir);
        this.settingsStore = new RenewalSettingsStore(configDir);
    }

    /**
     * The files and directories of a lineage that exist now.
     *
     * @param name a valid lineage name
     * @return {@code live/<name>}, {@code archive/<name>} and {@code certkeeper/<name>.json}, those that exist
     */
    List<Path> files(String name) {
        List<Path> files = new ArrayList<>();
        for (Path path : List.of(store.directory().resolve("live").resolve(name), store.directory().resolve("archive").resolve(name),
                settingsStore.file(name))) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                files.add(path);
            }
        }
        return files;
    }

    /**
     * The lineage's name with its domains when it can be read, for questions.
     *
     * @param name a valid lineage name
     * @return for example {@code example.com (example.com, www.example.com)}
     */
    String describe(String name) {
        try {
            Optional<Lineage> lineage = store.find(name);
            return lineage.map(l -> name + " (" + String.join(", ", l.names()) + ")").orElse(name);
        } catch (StoreIOException | UntrustedPathException e) {
            return name + " (which cannot be read: " + ErrorHandler.oneLine(e) + ")";
        }
    }

    /**
     * Deletes the lineage under the store lock. The links go before the archive, as
     * {@link CertificateStore#delete} does, and the settings last: a delete that fails half-way
     * leaves no lineage without its settings, and settings without a lineage, which {@code renew}
     * ignores, are removed by running {@code delete} again.
     *
     * @param name a valid lineage name
     * @return what was deleted, looked up again under the lock; empty if another run deleted it meanwhile
     * @throws StoreIOException if the lock cannot be taken or a file not deleted; the message names it
     * @throws UntrustedPathException if others than root and this user could change the config directory
     */
    List<Path> delete(String name) throws StoreIOException, UntrustedPathException {
        try (StoreLock lock = store.lock()) {
            List<Path> present = files(name);
            store.delete(name);
            settingsStore.delete(name);
            return present;
        }
    }

    /**
     * Says what was deleted, and what a web server configured with the files must do now.
     *
     * @param out where to print
     * @param name the lineage name
     * @param deleted what {@link #delete} returned
     */
    void report(PrintWriter out, String name, List<Path> deleted) {
        if (deleted.isEmpty()) {
            out.println("Certificate " + name + " was deleted meanwhile by another run; there was nothing left to delete.");
            out.flush();
            return;
        }
        out.println("Deleted certificate " + name + ": " + deleted.stream().map(Path::toString).collect(Collectors.joining(", ")) + ".");
        Path live = store.directory().resolve("live").resolve(name);
        out.println("A web server whose configuration names " + live.resolve("fullchain.pem") + " or " + live.resolve("privkey.pem")
                + " will fail to start or reload now: point it at other files first.");
        out.flush();
    }
}
