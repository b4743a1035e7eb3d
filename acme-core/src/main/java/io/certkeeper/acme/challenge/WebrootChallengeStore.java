package io.certkeeper.acme.challenge;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.error.CertkeeperException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Publishes tokens as files under a web server's document root, for a server such as nginx that
 * already owns port 80: {@code <webroot>/.well-known/acme-challenge/<token>}, as certbot's webroot
 * plugin does.
 *
 * <p>Each name has its own webroot (certbot's {@code -w} applies to the {@code -d} options that
 * follow it). A token file is written atomically (made in a private directory in the webroot, then
 * renamed into place), with mode 0644 whatever the umask and the key authorization as content,
 * without a trailing newline. Missing {@code .well-known} and {@code acme-challenge} directories
 * are created with mode 0755 and removed again by {@link #cleanUp} once empty; directories that
 * existed before are never removed.
 *
 * <p>The webroot's owner (often {@code www-data}) is not trusted with certkeeper's privileges: below
 * the webroot, no symbolic link is followed and every step is taken on an open directory handle,
 * so nothing outside the webroot is ever created, changed or deleted. A {@code .well-known} or
 * {@code acme-challenge} that is a symbolic link, or that belongs to a user other than root,
 * certkeeper's user or the webroot's owner, is refused; so an {@code acme-challenge} that links to a
 * shared directory no longer works: give that directory as the webroot's own path instead. Clean-up
 * deletes only the file and directories this store made, recognised by device and inode; a file
 * that replaced one of them is left. Needs a platform with directory handles (Linux).
 *
 * <p>Thread-safe: calls for different webroots run in parallel, calls for one webroot one at a time.
 */
public final class WebrootChallengeStore implements ChallengeStore {

    private final Map<DomainName, Webroot> webroots;

    /**
     * Creates the store. Nothing is checked or written until {@link #prepare} or {@link #present}.
     *
     * @param webroots the document root to use for each name; names sharing a directory share it
     * @throws IllegalArgumentException if the map is empty
     */
    public WebrootChallengeStore(Map<DomainName, Path> webroots) {
        Objects.requireNonNull(webroots, "webroots");
        if (webroots.isEmpty()) {
            throw new IllegalArgumentException("at least one webroot is needed");
        }
        Map<Path, Webroot> byDirectory = new HashMap<>();
        Map<DomainName, Webroot> byName = new HashMap<>();
        webroots.forEach((domain, dir) -> {
            Path root = Objects.requireNonNull(dir, "webroot of " + domain).toAbsolutePath().normalize();
            byName.put(Objects.requireNonNull(domain, "domain"), byDirectory.computeIfAbsent(root, Webroot::new));
        });
        this.webroots = Map.copyOf(byName);
    }

    /**
     * Checks, without writing anything, that every name has a webroot that exists, is a directory,
     * whose {@code .well-known} and {@code acme-challenge}, where they exist, are directories of
     * root, certkeeper's user or the webroot's owner and not symbolic links, and that is writable
     * where the token will go ({@code .well-known/acme-challenge} if it exists, otherwise the
     * innermost existing directory above it and the webroot).
     *
     * @param domains the names of the coming order
     * @throws CertkeeperException for the first name (in alphabetical order) without a usable
     *         webroot; the one-line message names the name, the directory and the fix
     */
    @Override
    public void prepare(Set<DomainName> domains) throws CertkeeperException {
        for (DomainName domain : new TreeSet<>(domains)) {
            Webroot webroot = webroot(domain);
            Optional<String> problem = webroot.problem();
            if (problem.isPresent()) {
                throw new CertkeeperException("Webroot " + webroot.root() + " for " + domain + " " + problem.get());
            }
        }
    }

    /**
     * Writes {@code <webroot>/.well-known/acme-challenge/<token>}; presenting a token again
     * rewrites the same file.
     *
     * @param token the token
     * @throws CertkeeperException if the token's name has no webroot
     * @throws io.certkeeper.acme.error.UntrustedPathException if {@code .well-known} or
     *         {@code acme-challenge} is a symbolic link or belongs to another user; the one-line
     *         message names the path and the fix
     * @throws io.certkeeper.acme.error.StoreIOException if the file or a directory cannot be written;
     *         the message names the path and the cause
     */
    @Override
    public void present(Http01Token token) throws CertkeeperException {
        webroot(token.domain()).publish(token);
    }

    /**
     * Deletes the token's file if it is still the one {@link #present} wrote, then the directories
     * {@link #present} created, if they are still there and now empty. A name without a webroot has
     * nothing to clean up.
     *
     * @param token the token
     * @throws io.certkeeper.acme.error.StoreIOException if the file exists but cannot be deleted
     */
    @Override
    public void cleanUp(Http01Token token) throws CertkeeperException {
        Webroot webroot = webroots.get(token.domain());
        if (webroot != null) {
            webroot.withdraw(token);
        }
    }

    private Webroot webroot(DomainName domain) throws CertkeeperException {
        Webroot webroot = webroots.get(domain);
        if (webroot == null) {
            throw new CertkeeperException("No webroot given for " + domain + "; pass -w <directory nginx serves> before -d "
                    + domain);
        }
        return webroot;
    }
}
