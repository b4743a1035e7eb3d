package io.certkeeper.acme.store;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.StoreIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads and writes the files of lineages below one store directory, without locking: that is
 * {@link CertificateStore}'s job.
 *
 * <p>Archive files are read by version rather than through the links, and are never rewritten, so
 * a read that races with a save still sees one complete version.
 *
 * <p>A version once read and checked is kept, one per lineage, and read again only when one of its
 * files is no longer the same file, of the same size and time (a restore from a backup, say): a
 * run looks a lineage up several times (decide, take the lock, decide again, save), and parsing
 * the certificates and proving the key pair costs more than the rest of such a lookup.
 */
final class LineageFiles {

    /**
     * The order in which {@link #relink} switches the links. Four links cannot be switched at
     * once, so a process killed between two renames, or a reader that opens two files while a
     * save switches them, can pair files of two versions; this order keeps the pairs that must
     * match apart for as short a time as it can. The key goes last, right after
     * {@code fullchain}, so the pair nginx loads ({@code ssl_certificate fullchain.pem},
     * {@code ssl_certificate_key privkey.pem}) is split by one rename only. Last rather than
     * first because nginx, like most servers, opens the certificate before the key: with the key
     * last, such a reader mixes versions only if it runs entirely inside that one rename's window
     * or spans the whole switch; with the key first, also whenever it opens the certificate
     * before the switch and the key after the key's rename. {@code chain} goes first: it pairs
     * with no key, and the issuer rarely changes between two versions.
     */
    static final List<Kind> SWITCH_ORDER = List.of(Kind.CHAIN, Kind.CERT, Kind.FULLCHAIN, Kind.PRIVKEY);

    private final Path live;
    private final Path archive;
    private final ConcurrentMap<String, Loaded> loaded = new ConcurrentHashMap<>();

    LineageFiles(Path directory) {
        this.live = directory.resolve("live");
        this.archive = directory.resolve("archive");
    }

    Path liveRoot() {
        return live;
    }

    Path archiveRoot() {
        return archive;
    }

    Path liveDirectory(String name) {
        return live.resolve(name);
    }

    Path archiveDirectory(String name) {
        return archive.resolve(name);
    }

    /** Where the links of a lineage point. */
    LinkState inspect(String name) throws StoreIOException {
        Path liveDir = liveDirectory(name);
        if (!Files.exists(liveDir, LinkOption.NOFOLLOW_LINKS)) {
            return new LinkState(Map.of());
        }
        if (!Files.isDirectory(liveDir)) {
            throw broken(name, liveDir, "is not a directory");
        }
        Map<Kind, Integer> versions = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Path link = liveDir.resolve(kind.liveFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isSymbolicLink(link)) {
                throw broken(name, link, "is not a symbolic link into ../../archive/" + name + "/");
            }
            Path target;
            try {
                target = Files.readSymbolicLink(link);
            } catch (IOException e) {
                throw StoreIOException.of("Cannot read the link", link, e, "");
            }
            Path resolved = liveDir.resolve(target).normalize();
            Optional<Integer> version = archiveDirectory(name).equals(resolved.getParent())
                    ? kind.versionOf(resolved.getFileName().toString()) : Optional.empty();
            if (version.isEmpty()) {
                throw broken(name, link, "points to " + target + " instead of ../../archive/" + name + "/"
                        + kind.archiveFileNamePattern());
            }
            versions.put(kind, version.get());
        }
        return new LinkState(versions);
    }

    /** Reads one archive version of a lineage and checks that its files agree with each other. */
    Lineage load(String name, int version) throws StoreIOException {
        Optional<List<FileStamp>> stamps = stamps(name, version);
        Loaded before = loaded.get(name);
        if (before != null && stamps.isPresent() && before.version() == version && before.stamps().equals(stamps.get())) {
            return before.lineage();
        }
        Lineage lineage = read(name, version);
        stamps.ifPresent(s -> loaded.put(name, new Loaded(version, s, lineage)));
        return lineage;
    }

    /**
     * What identifies the version's files as read: empty if one cannot be looked at, which the
     * read then reports.
     */
    private Optional<List<FileStamp>> stamps(String name, int version) {
        Path dir = archiveDirectory(name);
        List<FileStamp> stamps = new ArrayList<>(Kind.values().length);
        for (Kind kind : Kind.values()) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir.resolve(kind.archiveFileName(version)),
                        BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                stamps.add(new FileStamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(stamps);
    }

    private Lineage read(String name, int version) throws StoreIOException {
        Path dir = archiveDirectory(name);
        List<X509Certificate> fullchain = readCertificates(name, dir.resolve(Kind.FULLCHAIN.archiveFileName(version)));
        List<X509Certificate> cert = readCertificates(name, dir.resolve(Kind.CERT.archiveFileName(version)));
        List<X509Certificate> chain = readCertificates(name, dir.resolve(Kind.CHAIN.archiveFileName(version)));
        Path keyFile = dir.resolve(Kind.PRIVKEY.archiveFileName(version));
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(keyFile);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read", keyFile, e, "");
        } catch (IllegalArgumentException e) {
            throw broken(name, keyFile, "holds no usable key: " + e.getMessage());
        }
        if (fullchain.isEmpty()) {
            throw broken(name, dir.resolve(Kind.FULLCHAIN.archiveFileName(version)), "holds no certificate");
        }
        if (!List.of(fullchain.get(0)).equals(cert) || !fullchain.subList(1, fullchain.size()).equals(chain)) {
            throw broken(name, dir, "version " + version + ": fullchain.pem is not cert.pem followed by chain.pem");
        }
        if (!Pem.matches(key, fullchain.get(0).getPublicKey())) {
            throw broken(name, keyFile, "is not the key of the certificate in " + Kind.CERT.archiveFileName(version));
        }
        return new Lineage(name, liveDirectory(name), version, fullchain, key);
    }

    /** The version a new save must use: above every archive file and every link, even leftovers of a crash. */
    int nextVersion(String name, LinkState links) throws StoreIOException {
        int max = links.linkedVersionsNewestFirst().stream().findFirst().orElse(0);
        if (Files.isDirectory(archiveDirectory(name))) {
            SortedMap<Integer, List<Path>> archived = archivedFiles(name, "nothing was changed");
            max = Math.max(max, archived.isEmpty() ? 0 : archived.lastKey());
        }
        return max + 1;
    }

    /**
     * The files in a lineage's archive directory by version, of every kind, even leftovers of a
     * crash; other files are left out.
     *
     * @param consequence what a failure to list leaves, for the message
     */
    SortedMap<Integer, List<Path>> archivedFiles(String name, String consequence) throws StoreIOException {
        SortedMap<Integer, List<Path>> versions = new TreeMap<>();
        for (Path entry : entries(archiveDirectory(name), consequence)) {
            Kind.anyVersionOf(entry.getFileName().toString())
                    .ifPresent(version -> versions.computeIfAbsent(version, v -> new ArrayList<>()).add(entry));
        }
        return versions;
    }

    /**
     * Deletes a lineage's {@code live/} and then its {@code archive/} directory, so that a web
     * server never serves a link into a half-deleted archive.
     *
     * @return whether there was something to delete
     */
    boolean delete(String name) throws StoreIOException {
        boolean existed = false;
        for (Path dir : List.of(liveDirectory(name), archiveDirectory(name))) {
            existed |= deleteTree(dir);
        }
        return existed;
    }

    private static boolean deleteTree(Path dir) throws StoreIOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreIOException(dir + " is not a directory; certkeeper did not make it, so it is left alone", dir, null);
        }
        for (Path entry : entries(dir, "")) {
            try {
                Files.delete(entry); // links and files only: a lineage has no subdirectories
            } catch (IOException e) {
                throw StoreIOException.of("Cannot delete", entry, e, "");
            }
        }
        try {
            Files.delete(dir);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot delete", dir, e, "");
        }
        return true;
    }

    /**
     * The entries of a directory.
     *
     * @param consequence what a failure to list leaves, for the message
     */
    static List<Path> entries(Path dir, String consequence) throws StoreIOException {
        List<Path> entries = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot list", dir, e, consequence);
        } catch (DirectoryIteratorException e) {
            throw StoreIOException.of("Cannot list", dir, e.getCause(), consequence);
        }
        return entries;
    }

    /**
     * Writes the four archive files of a new version, then forces the directory. On failure the
     * files of this version written so far are removed again, best-effort; nothing links to them.
     */
    void writeVersion(String name, int version, LineageContents contents) throws StoreIOException {
        Path dir = archiveDirectory(name);
        List<Path> written = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Path file = dir.resolve(kind.archiveFileName(version));
            try {
                AtomicFiles.writeNew(file, contents.of(kind), kind.mode());
                written.add(file);
            } catch (IOException e) {
                for (Path done : written) {
                    try {
                        Files.deleteIfExists(done);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw StoreIOException.of("Cannot write", file, e, "the certificate in place was not changed");
            }
        }
        AtomicFiles.syncDirectory(dir);
    }

    /**
     * Points every link of the lineage at one archive version, each by an atomic rename, in
     * {@link #SWITCH_ORDER}.
     */
    void relink(String name, int version) throws StoreIOException {
        Path liveDir = liveDirectory(name);
        for (Kind kind : SWITCH_ORDER) {
            Path link = liveDir.resolve(kind.liveFileName());
            try {
                AtomicFiles.replaceSymlink(link, Path.of("..", "..", "archive", name, kind.archiveFileName(version)));
            } catch (IOException e) {
                throw StoreIOException.of("Cannot update the link", link, e,
                        "the next run of certkeeper completes the switch to version " + version);
            }
        }
        AtomicFiles.syncDirectory(liveDir);
    }

    /** Writes certbot's README into {@code live/<name>/} once; a courtesy, so failing is not an error. */
    void writeReadmeIfMissing(String name) {
        Path readme = liveDirectory(name).resolve("README");
        if (Files.exists(readme, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            AtomicFiles.writeNew(readme, Readme.TEXT.getBytes(StandardCharsets.US_ASCII), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            // the certificate is in place already; the README does not matter for serving it
        }
    }

    private List<X509Certificate> readCertificates(String name, Path file) throws StoreIOException {
        try {
            return Pem.readCertificates(file);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read", file, e, "");
        } catch (IllegalArgumentException e) {
            throw broken(name, file, "is not a PEM certificate file: " + e.getMessage());
        }
    }

    /**
     * One archive file as last seen: the same file ({@code fileKey}: device and inode where the
     * file system has them), size and modification time mean the same content.
     */
    private record FileStamp(Object fileKey, long size, FileTime modified) {
    }

    /** A version read and checked, and the files it was read from. */
    private record Loaded(int version, List<FileStamp> stamps, Lineage lineage) {
    }

    private static StoreIOException broken(String name, Path path, String problem) {
        return new StoreIOException("Certificate " + name + " is broken: " + path + " " + problem
                + "; restore it from a backup, or remove live/" + name + " and archive/" + name
                + " to obtain a new certificate", path, null);
    }
}
