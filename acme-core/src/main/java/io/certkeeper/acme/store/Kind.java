package io.certkeeper.acme.store;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The four files of a lineage, with certbot's names: {@code cert}, {@code chain}, {@code fullchain}, {@code privkey}. */
enum Kind {
    CERT("cert", PosixFilePermissions.fromString("rw-r--r--")),
    CHAIN("chain", PosixFilePermissions.fromString("rw-r--r--")),
    FULLCHAIN("fullchain", PosixFilePermissions.fromString("rw-r--r--")),
    PRIVKEY("privkey", PosixFilePermissions.fromString("rw-------"));

    private static final Pattern ARCHIVE_NAME = Pattern.compile("(cert|chain|fullchain|privkey)([1-9][0-9]{0,8})\\.pem");

    private final String stem;
    private final Set<PosixFilePermission> mode;

    Kind(String stem, Set<PosixFilePermission> mode) {
        this.stem = stem;
        this.mode = mode;
    }

    /** The link's name in {@code live/<name>/}, for example {@code fullchain.pem}. */
    String liveFileName() {
        return stem + ".pem";
    }

    /** The file's name in {@code archive/<name>/}, for example {@code fullchain3.pem}. */
    String archiveFileName(int version) {
        return stem + version + ".pem";
    }

    /** How archive file names of this kind look, for messages: {@code fullchainN.pem}. */
    String archiveFileNamePattern() {
        return stem + "N.pem";
    }

    /** The mode of the archive file: the key is the owner's alone, certificates are public anyway. */
    Set<PosixFilePermission> mode() {
        return mode;
    }

    /**
     * The version in an archive file name of this kind.
     *
     * @return the version, or empty if the name is not {@code <kind>N.pem}
     */
    Optional<Integer> versionOf(String archiveFileName) {
        Matcher m = ARCHIVE_NAME.matcher(archiveFileName);
        return m.matches() && m.group(1).equals(stem) ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
    }

    /**
     * The version in the name of any kind's archive file.
     *
     * @return the version, or empty if the name is no archive file name
     */
    static Optional<Integer> anyVersionOf(String archiveFileName) {
        Matcher m = ARCHIVE_NAME.matcher(archiveFileName);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
    }
}
