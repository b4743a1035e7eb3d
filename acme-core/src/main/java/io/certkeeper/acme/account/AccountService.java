package io.certkeeper.acme.account;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.store.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;
import java.util.Optional;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or registers the ACME account for a CA (RFC 8555 §7.3).
 *
 * <p>Accounts are kept under {@code <dir>/<ca key>/}: {@code account.key} (EC P-256, PEM, mode
 * 0600) and {@code account.url}. Both are written only once the CA has accepted the account, so
 * a failed registration leaves nothing behind. A stored account is looked up at the CA by its
 * key on every login; one the CA no longer knows is registered again with the same key.
 *
 * <p>Not thread-safe for concurrent registration with the same CA: callers hold the certificate
 * store's lock.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final Path accountsDirectory;

    /**
     * Creates the service.
     *
     * @param accountsDirectory where accounts are kept, normally {@code <config dir>/accounts}
     */
    public AccountService(Path accountsDirectory) {
        this.accountsDirectory = Objects.requireNonNull(accountsDirectory, "accountsDirectory");
    }

    /**
     * Whether an account for the CA is stored here.
     *
     * @param ca the CA
     * @return {@code true} if a key and an account URL are stored for it
     */
    public boolean hasAccount(CertificateAuthority ca) {
        Path dir = directoryFor(ca);
        return Files.isRegularFile(dir.resolve("account.key")) && Files.isRegularFile(dir.resolve("account.url"));
    }

    /**
     * Logs in with the stored account, or registers a new one.
     *
     * @param ca the CA, for the storage location
     * @param session an open session to that CA
     * @param options contact and terms-of-service agreement for a new registration
     * @param listener told which account is used
     * @return the login to place orders with
     * @throws AccountActionRequiredException if a new account is needed and the terms of service
     *         were not agreed to
     * @throws StoreIOException if the account files cannot be read or written
     * @throws CertkeeperException if the CA refuses or cannot be reached
     */
    public Login login(CertificateAuthority ca, Session session, AccountOptions options, IssuanceListener listener)
            throws CertkeeperException {
        Path dir = directoryFor(ca);
        if (hasAccount(ca)) {
            KeyPair key = readKey(dir.resolve("account.key"));
            URL stored = readUrl(dir.resolve("account.url"));
            Optional<Login> existing = findExisting(session, key);
            if (existing.isPresent()) {
                URL location = existing.get().getAccountLocation();
                if (!location.equals(stored)) {
                    save(dir, key, location);
                }
                listener.onAccount(location, false);
                return existing.get();
            }
            // The CA forgot the account (a test CA restarted, an account purged): the holder agreed
            // to the terms when registering it, so register the same key again.
            listener.onAccountUnknown(stored);
            return register(dir, session, key, new AccountOptions(options.email(), true), listener);
        }
        requireAgreement(session, options);
        return register(dir, session, KeySpec.EC_P256.generate(), options, listener);
    }

    /**
     * The URL of the account stored for a CA, read without contacting the CA.
     *
     * @param ca the CA
     * @return the account URL, or empty if none is stored
     * @throws StoreIOException if the stored URL cannot be read
     */
    public Optional<URL> storedLocation(CertificateAuthority ca) throws StoreIOException {
        return hasAccount(ca) ? Optional.of(readUrl(directoryFor(ca).resolve("account.url"))) : Optional.empty();
    }

    /**
     * The stored account as a login, without asking the CA whether it still knows it: for
     * requests that do not need a valid account, such as fetching renewal information.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @return the login, or empty if no account is stored for the CA
     * @throws StoreIOException if the account files cannot be read
     */
    public Optional<Login> storedLogin(CertificateAuthority ca, Session session) throws StoreIOException {
        if (!hasAccount(ca)) {
            return Optional.empty();
        }
        Path dir = directoryFor(ca);
        return Optional.of(new Login(readUrl(dir.resolve("account.url")), readKey(dir.resolve("account.key")), session));
    }

    private Login register(Path dir, Session session, KeyPair key, AccountOptions options, IssuanceListener listener)
            throws CertkeeperException {
        AccountBuilder builder = new AccountBuilder().useKeyPair(key);
        if (options.agreeToTermsOfService()) {
            builder.agreeToTermsOfService();
        }
        options.email().ifPresent(builder::addEmail);
        Login login = AcmeErrors.call("registering an account", () -> builder.createLogin(session));
        save(dir, key, login.getAccountLocation());
        LOG.debug("registered account {}", login.getAccountLocation());
        listener.onAccount(login.getAccountLocation(), true);
        return login;
    }

    /**
     * Asks the CA for the account of a key without creating one (RFC 8555 §7.3.1,
     * {@code onlyReturnExisting}), so that a stored account the CA no longer knows is noticed
     * before an order fails on it.
     */
    private static Optional<Login> findExisting(Session session, KeyPair key) throws CertkeeperException {
        return AcmeErrors.call("looking up the stored account", () -> {
            try {
                return Optional.of(new AccountBuilder().onlyExisting().useKeyPair(key).createLogin(session));
            } catch (AcmeServerException e) {
                if (e.getType() != null && e.getType().toString().endsWith(":accountDoesNotExist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static void requireAgreement(Session session, AccountOptions options) throws CertkeeperException {
        if (options.agreeToTermsOfService()) {
            return;
        }
        Optional<URI> terms = AcmeErrors.call("reading the CA's terms of service",
                () -> session.getMetadata().getTermsOfService());
        if (terms.isPresent()) {
            throw new AccountActionRequiredException("Registering an account requires agreeing to the CA's terms of service at "
                    + terms.get() + "; pass --agree-tos", terms.get());
        }
    }

    private Path directoryFor(CertificateAuthority ca) {
        return accountsDirectory.resolve(ca.storageKey());
    }

    private static KeyPair readKey(Path file) throws StoreIOException {
        try {
            return Pem.readKeyPair(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read the account key", file, e, "");
        } catch (IllegalArgumentException e) {
            throw new StoreIOException("The account key " + file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup, or move the directory away to register a new account", file,
                    new IOException(e));
        }
    }

    private static URL readUrl(Path file) throws StoreIOException {
        try {
            return URI.create(Files.readString(file, StandardCharsets.UTF_8).strip()).toURL();
        } catch (IOException e) {
            throw StoreIOException.of("Cannot read the account URL", file, e, "");
        } catch (IllegalArgumentException e) {
            throw new StoreIOException("The account URL in " + file + " is damaged; delete the directory to register anew",
                    file, new IOException(e));
        }
    }

    private static void save(Path dir, KeyPair key, URL location) throws StoreIOException {
        try {
            AtomicFiles.createDirectories(dir, AtomicFiles.PRIVATE_DIRECTORY);
            AtomicFiles.replace(dir.resolve("account.key"), Pem.encodeKeyPair(key).getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.PRIVATE);
            AtomicFiles.replace(dir.resolve("account.url"), (location + "\n").getBytes(StandardCharsets.UTF_8),
                    AtomicFiles.PUBLIC);
        } catch (IOException e) {
            throw StoreIOException.of("Cannot save the new account in", dir, e,
                    "the account " + location + " was registered at the CA but is not stored");
        }
    }
}
