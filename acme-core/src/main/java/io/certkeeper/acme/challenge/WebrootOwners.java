package io.certkeeper.acme.challenge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;

/**
 * Who may own the directories that lead to the challenge files: root, the user certkeeper runs
 * as, and the webroot's owner. The webroot's owner can change anything inside the webroot anyway;
 * a directory of anyone else there is not what the administrator set up.
 *
 * @param webrootOwner the owner of the webroot itself
 * @param root the superuser
 * @param self the user certkeeper runs as
 */
record WebrootOwners(UserPrincipal webrootOwner, UserPrincipal root, UserPrincipal self) {

    /** The rule for a webroot, looked up in its file system's user database. */
    static WebrootOwners of(UserPrincipal webrootOwner, Path webroot) {
        UserPrincipalLookupService users = webroot.getFileSystem().getUserPrincipalLookupService();
        try {
            // A number that is no user's name stands for that uid.
            return new WebrootOwners(webrootOwner, users.lookupPrincipalByName("0"),
                    users.lookupPrincipalByName(Long.toString(new com.sun.security.auth.module.UnixSystem().getUid())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up uid 0 or the current user", e);
        }
    }

    /** Whether root or certkeeper's own user owns it: nobody else can change a directory of theirs that is 0700 or 0755. */
    boolean isOurs(UserPrincipal owner) {
        return owner.equals(root) || owner.equals(self);
    }

    /**
     * Whether only root and certkeeper's user can add, rename or remove entries in a directory.
     *
     * @param directory the directory's attributes
     * @return true if it is ours and writable by neither group nor others
     */
    boolean onlyOursCanChange(PosixFileAttributes directory) {
        return isOurs(directory.owner()) && !directory.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !directory.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * What is wrong with {@code .well-known} or {@code acme-challenge} as found, if anything.
     *
     * @param path where it is, for the message
     * @param found its attributes, not following a link
     * @return the problem and its fix, in words that follow "cannot hold challenges: "
     */
    Optional<String> problem(Path path, PosixFileAttributes found) {
        if (found.isSymbolicLink()) {
            return Optional.of(path + " is a symbolic link, which certkeeper does not follow inside a webroot;"
                    + " replace it with a directory");
        }
        if (!found.isDirectory()) {
            return Optional.of(path + " is not a directory; remove it");
        }
        UserPrincipal owner = found.owner();
        if (!isOurs(owner) && !owner.equals(webrootOwner)) {
            return Optional.of(path + " is owned by " + owner.getName() + ", not by root or the webroot's owner ("
                    + webrootOwner.getName() + "); run chown " + webrootOwner.getName() + " " + path);
        }
        return Optional.empty();
    }
}
