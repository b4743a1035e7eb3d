package io.certkeeper.acme.store;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates on disk in certbot's layout, so that web server configurations written for certbot
 * work unchanged:
 *
 * <pre>
 * &lt;dir&gt;/live/&lt;name&gt;/{cert,chain,fullchain,privkey}.pem -&gt; ../../archive/&lt;name&gt;/&lt;kind&gt;N.pem
 * &lt;dir&gt;/archive/&lt;name&gt;/&lt;kind&gt;N.pem    (every version kept, N = 1, 2, ...)
 * &lt;dir&gt;/.certkeeper.lock
 * </pre>
 *
 * <p>Modes, set whatever the umask: {@code live/}, {@code archive/} and {@code archive/<name>/}
 * 0700; {@code live/<name>/} 0755 as certbot makes it (it holds only links and a README, and its
 * parent already keeps others out); {@code privkeyN.pem} 0600; certificates 0644. A directory that
 * already exists keeps the mode its owner gave it.
 *
 * <p>Crash safety: a new version is written to temporary files that are forced to disk and renamed
 * into {@code archive/}; only then is each {@code live/} link replaced by renaming a new link over
 * it. Until the first link moves, {@code live/} serves the previous version untouched. An archive
 * file is never rewritten: a new version is numbered above every file already in the archive,
 * including leftovers of an interrupted save. If a crash falls between two link renames, the next
 * {@link #find} under the lock points all links at the newest complete version, as certbot fixes
 * such links when it loads a lineage. Until then a web server that (re)loads can find
 * {@code fullchain.pem} and {@code privkey.pem} of different versions and refuse the pair: four
 * links cannot be switched in one step, in certbot's layout as here. The key's link is switched
 * last, right after {@code fullchain.pem}'s, which keeps that window to one rename.
 *
 * <p>Trust: the store is used only while root and the current user are the only ones who can
 * change the directory and those above it (see {@link FileTrust}); otherwise every method that
 * reads or writes it throws {@link UntrustedPathException}. The check runs once per store object
 * after the directory exists, not on every read: permissions changed later by a trusted user are
 * not seen until a new store object is made.
 *
 * <p>Thread-safe. Writers are serialised by the store lock ({@link #lock()}), which also excludes
 * other processes; {@link #save} takes it itself unless the calling thread already holds it, so a
 * caller can hold it around "check whether work is due, then save". Readers need no lock and see
 * one complete version.
 */
public final class CertificateStore {

    /** How long {@link #lock()} waits for another holder by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);
    /** The name of the lock file in the store directory. */
    public static final String LOCK_FILE = ".certkeeper.lock";

    private final Path directory;
    private final Duration lockTimeout;
    private final LineageFiles files;
    /** Set once the existing directory has passed {@link FileTrust}; never reset. */
    private volatile boolean trusted;

    /**
     * Opens a store rooted at a configuration directory, such as {@code /etc/letsencrypt}. Nothing
     * is read or created until it is used.
     *
     * @param configDir the root directory; created on the first save if missing
     */
    public CertificateStore(Path configDir) {
        this(configDir, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * Opens a store with a custom lock timeout.
     *
     * @param configDir the root directory; created on the first save if missing
     * @param lockTimeout how long {@link #lock()}, and a {@link #save} without the lock held, wait
     *        for another holder
     * @throws IllegalArgumentException if the timeout is negative
     */
    public CertificateStore(Path configDir, Duration lockTimeout) {
        this.directory = Objects.requireNonNull(configDir, "configDir").toAbsolutePath().normalize();
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lock timeout must not be negative: " + lockTimeout);
        }
        this.files = new LineageFiles(directory);
    }

    /**
     * The root directory.
     *
     * @return the absolute configuration directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Reads the lineage that {@code live/<name>/} serves.
     *
     * <p>If its links point to different versions, as an interrupted save leaves them, this takes
     * the lock and points them all at the newest complete version (or waits for a save in progress
     * to finish) before reading.
     *
     * @param name the lineage name
     * @return the lineage, or empty if there is none (also after a first save that failed before
     *         linking)
     * @throws IllegalArgumentException if the name is not a valid lineage name
     * @throws StoreIOException if a file cannot be read, or the lineage is broken: a link that is no
     *         link into {@code archive/<name>/}, a file that is no PEM, a key that does not belong to
     *         the certificate; the message names the path
     * @throws UntrustedPathException if users other than root and the current user could change the
     *         directory or one above it; the message names the path and the fix
     */
    public Optional<Lineage> find(String name) throws StoreIOException, UntrustedPathException {
        Lineage.requireValidName(name);
        requireTrusted();
        LinkState links = files.inspect(name);
        if (links.isAbsent()) {
            return Optional.empty();
        }
        Optional<Integer> version = links.consistentVersion();
        if (version.isPresent()) {
            return Optional.of(files.load(name, version.get()));
        }
        return locked(() -> {
            LinkState now = files.inspect(name); // a save may have finished while we waited
            if (now.isAbsent()) {
                return Optional.empty();
            }
            Optional<Integer> consistent = now.consistentVersion();
            return Optional.of(consistent.isPresent() ? files.load(name, consistent.get()) : repair(name, now));
        });
    }

    /**
     * Reads every lineage, sorted by name. Entries of {@code live/} that are not directories with a
     * valid lineage name (such as certbot's {@code live/README}) are skipped.
     *
     * @return the lineages, empty if the store has none
     * @throws StoreIOException if {@code live/} cannot be listed or a lineage is broken; see
     *         {@link #find}
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public List<Lineage> list() throws StoreIOException, UntrustedPathException {
        List<Lineage> lineages = new ArrayList<>();
        for (String name : names()) {
            find(name).ifPresent(lineages::add);
        }
        return List.copyOf(lineages);
    }

    /**
     * The names of the lineages in {@code live/}, sorted, without reading them: for callers that
     * report a broken lineage and go on with the others, where {@link #list()} stops at it. Entries
     * that are not directories with a valid lineage name are skipped, as {@link #list()} skips them.
     *
     * @return the names, empty if the store has none
     * @throws StoreIOException if {@code live/} cannot be listed
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public List<String> names() throws StoreIOException, UntrustedPathException {
        requireTrusted();
        Path live = files.liveRoot();
        if (!Files.isDirectory(live)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path entry : LineageFiles.entries(live, "")) {
            String name = entry.getFileName().toString();
            if (Lineage.isValidName(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Saves a new certificate as the next version of a lineage (creating the lineage if needed) and
     * makes {@code live/<name>/} serve it.
     *
     * <p>Writes {@code cert} (the leaf), {@code chain} (the issuers, empty if there are none),
     * {@code fullchain} (all) and {@code privkey} (PKCS#8). Takes the store lock for the duration
     * unless the calling thread holds it.
     *
     * @param name the lineage name, conventionally the first domain
     * @param key the leaf certificate's private key
     * @param chain the leaf certificate first, then its issuers
     * @return the lineage as now served
     * @throws IllegalArgumentException if the name is invalid, the chain is empty, or the key does
     *         not belong to the leaf certificate
     * @throws StoreIOException if a file cannot be written or the lock not taken; the message names
     *         the path and the cause, and whether the certificate in place is unchanged (it is,
     *         unless the failure came while switching the links, which the next {@link #find}
     *         completes)
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public Lineage save(String name, PrivateKey key, List<X509Certificate> chain)
            throws StoreIOException, UntrustedPathException {
        Lineage.requireValidName(name);
        LineageContents contents = LineageContents.encode(key, chain);
        return locked(() -> {
            Path archiveDir = files.archiveDirectory(name);
            Path liveDir = files.liveDirectory(name);
            createDirectory(files.archiveRoot(), "rwx------");
            createDirectory(files.liveRoot(), "rwx------");
            createDirectory(archiveDir, "rwx------");
            createDirectory(liveDir, "rwxr-xr-x");
            AtomicFiles.removeTemporaries(archiveDir);
            AtomicFiles.removeTemporaries(liveDir);
            int version = files.nextVersion(name, files.inspect(name));
            files.writeVersion(name, version, contents);
            files.relink(name, version);
            files.writeReadmeIfMissing(name);
            LOG.info("Saved certificate {} version {} in {}", name, version, liveDir);
            return new Lineage(name, liveDir, version, chain, key);
        });
    }

    /**
     * Saves a self-signed placeholder as the first version of a lineage that does not exist yet,
     * so that a web server configured with its {@code live/} files can start before the CA has
     * issued a certificate; the first real certificate then becomes version 2 through
     * {@link #save}, like any renewal. A lineage that exists, placeholder or not, is left alone.
     *
     * <p>The placeholder ({@link PlaceholderCertificate}) has a new key of the request's key type
     * and all its names, and is valid from a minute before now. Its {@code chain.pem} holds the
     * certificate itself, its own issuer, rather than nothing, so that a server configured with
     * {@code ssl_trusted_certificate chain.pem} starts too; {@code fullchain.pem} therefore holds
     * it twice, which TLS clients accept. Takes the store lock unless the calling thread holds it,
     * and checks again under it; the key is generated before, so that a slow RSA key does not
     * hold up other writers.
     *
     * @param request the certificate the placeholder stands in for: its name, names and key type
     * @param validity how long the placeholder stays valid; the run mode uses 7 days
     * @param clock the clock "now" is read from
     * @return the placeholder lineage as now served, or empty if the lineage existed already
     * @throws IllegalArgumentException if the validity is not positive
     * @throws StoreIOException if the lineage cannot be read, a file cannot be written or the lock
     *         not taken; see {@link #save}
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public Optional<Lineage> savePlaceholder(CertificateRequest request, Duration validity, Clock clock)
            throws StoreIOException, UntrustedPathException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(clock, "clock");
        String name = request.name();
        requireTrusted();
        if (!files.inspect(name).isAbsent()) {
            return Optional.empty();
        }
        KeyPair key = request.keySpec().generate();
        X509Certificate certificate = PlaceholderCertificate.create(key, request.domains(), clock.instant(), validity);
        return locked(() -> {
            if (!files.inspect(name).isAbsent()) {
                return Optional.<Lineage>empty(); // saved by another process while we waited for the lock
            }
            Lineage saved = save(name, key.getPrivate(), List.of(certificate, certificate));
            LOG.info("Saved a self-signed placeholder for {}, valid until {}, until the CA issues its certificate",
                    name, saved.notAfter());
            return Optional.of(saved);
        });
    }

    /**
     * Deletes the archive versions of a lineage beyond the newest {@code keep}, never the version
     * {@code live/} serves. Takes the store lock unless the calling thread holds it.
     *
     * @param name the lineage name
     * @param keep how many versions to keep, at least 1
     * @return the versions deleted, oldest first
     * @throws IllegalArgumentException if {@code keep} is below 1
     * @throws StoreIOException if the archive cannot be listed or a file not deleted; what was
     *         deleted before stays deleted, the version in use is untouched
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public List<Integer> prune(String name, int keep) throws StoreIOException, UntrustedPathException {
        Lineage.requireValidName(name);
        if (keep < 1) {
            throw new IllegalArgumentException("at least the version in use must be kept");
        }
        return locked(() -> {
            Path dir = files.archiveDirectory(name);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            Optional<Integer> live = files.inspect(name).consistentVersion();
            if (live.isEmpty()) {
                return List.<Integer>of(); // an interrupted save: the next find repairs the links first
            }
            SortedMap<Integer, List<Path>> archived = files.archivedFiles(name, "no version was deleted");
            List<Integer> newestFirst = new ArrayList<>(archived.keySet());
            Collections.reverse(newestFirst);
            List<Integer> doomed = newestFirst.stream().skip(keep).filter(v -> v < live.get()).sorted().toList();
            for (int version : doomed) {
                for (Path entry : archived.get(version)) {
                    try {
                        Files.deleteIfExists(entry);
                    } catch (IOException e) {
                        throw StoreIOException.of("Cannot delete the old version", entry, e, "the certificate in use is unchanged");
                    }
                }
            }
            if (!doomed.isEmpty()) {
                LOG.info("Deleted versions {} of {}, keeping the newest {}", doomed, name, keep);
            }
            return doomed;
        });
    }

    /**
     * Deletes a lineage: its {@code live/} and {@code archive/} directories. The links go first,
     * so that a web server never serves a link into a half-deleted archive. Takes the store lock
     * unless the calling thread holds it.
     *
     * @param name the lineage name
     * @return {@code true} if there was something to delete
     * @throws StoreIOException if a file cannot be deleted; the message names it
     * @throws UntrustedPathException if others could change the directory; see {@link #find}
     */
    public boolean delete(String name) throws StoreIOException, UntrustedPathException {
        Lineage.requireValidName(name);
        return locked(() -> files.delete(name));
    }

    /**
     * Takes the store lock, waiting up to the lock timeout for another process or thread to
     * release it. Creates the store directory if it is missing, mode 0755, and the missing
     * directories above it, also 0755, whatever the umask. Hold it around a check whether work is
     * due and the save that follows, and check again after taking it.
     *
     * @return the lock, to close when done (try-with-resources)
     * @throws StoreIOException if another holder keeps it past the timeout (the message names its
     *         PID when known), the wait is interrupted, or the lock file cannot be created
     * @throws UntrustedPathException if others could change the directory (see {@link #find}), or
     *         the lock file is a symbolic link
     * @throws IllegalStateException if the calling thread already holds it: the lock is not reentrant
     */
    public StoreLock lock() throws StoreIOException, UntrustedPathException {
        requireTrusted(); // before creating anything below a directory others could change
        try {
            if (!Files.isDirectory(directory)) {
                AtomicFiles.createDirectories(directory, AtomicFiles.PUBLIC_DIRECTORY);
            }
        } catch (IOException e) {
            throw StoreIOException.of("Cannot create the store directory", directory, e, "nothing was changed");
        }
        requireTrusted(); // what now exists, in case another user made it first
        try {
            return StoreLock.acquire(directory.toRealPath().resolve(LOCK_FILE), lockTimeout);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot open the store directory", directory, e, "nothing was changed");
        }
    }

    /**
     * Refuses the directory unless only root and the current user can change it and the
     * directories above it. A directory that does not exist yet is judged by its nearest existing
     * ancestor each time, and once it exists, once for the life of this object.
     */
    private void requireTrusted() throws UntrustedPathException {
        if (trusted) {
            return;
        }
        FileTrust.require(directory, "the config directory");
        trusted = Files.isDirectory(directory);
    }

    /** Runs an action under the store lock, taking it unless the calling thread already holds it. */
    private <T> T locked(LockedAction<T> action) throws StoreIOException, UntrustedPathException {
        if (heldByCurrentThread()) {
            return action.run();
        }
        StoreLock lock = lock();
        try {
            return action.run();
        } finally {
            lock.close();
        }
    }

    /**
     * Whether the calling thread holds this store's lock, so that code which may run inside or
     * outside a caller's {@link #lock()} takes it only when needed.
     *
     * @return {@code true} if the calling thread holds the lock
     */
    public boolean isLockedByCurrentThread() {
        return heldByCurrentThread();
    }

    private boolean heldByCurrentThread() {
        try {
            return Files.isDirectory(directory)
                    && ProcessLocks.forFile(directory.toRealPath().resolve(LOCK_FILE)).isHeldByCurrentThread();
        } catch (IOException e) {
            return false; // the directory vanished or cannot be resolved; lock() reports that properly
        }
    }

    /** Work that must run under the store lock. */
    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws StoreIOException, UntrustedPathException;
    }

    private Lineage repair(String name, LinkState links) throws StoreIOException {
        StoreIOException firstFailure = null;
        for (int version : links.linkedVersionsNewestFirst()) {
            Lineage lineage;
            try {
                lineage = files.load(name, version);
            } catch (StoreIOException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                continue;
            }
            LOG.warn("The links in {} pointed to versions {}, as an interrupted save leaves them; "
                    + "pointing them all to version {}", files.liveDirectory(name), links.versions(), version);
            files.relink(name, version);
            return lineage;
        }
        throw firstFailure;
    }

    private static void createDirectory(Path dir, String mode) throws StoreIOException {
        try {
            AtomicFiles.createDirectory(dir, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw StoreIOException.of("Cannot create the directory", dir, e, "the certificate in place was not changed");
        }
    }
}
