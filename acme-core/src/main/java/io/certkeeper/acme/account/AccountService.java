package io.certkeeper.acme.account;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.ExternalAccountBindingException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, registers and manages the ACME account for a CA (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3">§7.3</a>): registration, with an
 * external account binding where the CA requires one, contact update, key change and
 * deactivation.
 *
 * <p>Accounts are kept under {@code <dir>/<ca key>/}: {@code account.key} (EC P-256, PEM, mode
 * 0600) and {@code account.url}. Both are written only once the CA has accepted the account, so
 * a failed registration leaves nothing behind. A stored account is looked up at the CA by its
 * key on every use; one the CA no longer knows is registered again with the same key by
 * {@link #login}, and reported by the other operations.
 *
 * <p>A key change keeps the old key until the CA has taken the new one: the new key is written to
 * {@code account.key.next} (0600) first, then the CA is asked, then the side file is renamed over
 * {@code account.key}. If the process stops after the CA took the new key but before the rename,
 * the next use finds that the CA no longer knows {@code account.key} but knows the side file's
 * key, and completes the rename; if the CA still knows {@code account.key}, the side file is
 * removed.
 *
 * <p>Thread-safe for {@link #login}: threads of one process that log in at once with no account yet
 * register one. The other changes (rollover, deactivation) are not: callers hold the store lock.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final Path accountsDirectory;
    private final Clock clock;

    /**
     * Creates the service; deactivated accounts' directories are named after the system clock's time.
     *
     * @param accountsDirectory where accounts are kept, normally {@code <config dir>/accounts}
     */
    public AccountService(Path accountsDirectory) {
        this(accountsDirectory, Clock.systemUTC());
    }

    /**
     * Creates the service.
     *
     * @param accountsDirectory where accounts are kept, normally {@code <config dir>/accounts}
     * @param clock names the directory a deactivated account's files are moved to
     */
    public AccountService(Path accountsDirectory, Clock clock) {
        this.accountsDirectory = Objects.requireNonNull(accountsDirectory, "accountsDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether an account for the CA is stored here.
     *
     * @param ca the CA
     * @return {@code true} if a key and an account URL are stored for it
     */
    public boolean hasAccount(CertificateAuthority ca) {
        return files(ca).exist();
    }

    /**
     * The URL of the account stored for a CA, read from disk without asking the CA.
     *
     * @param ca the CA
     * @return the URL, or empty if no account is stored
     * @throws StoreIOException if the stored URL cannot be read
     * @throws UntrustedPathException if users other than root and the current user could change the
     *         account's files or a directory above them; the message names the path and the fix
     */
    public Optional<URL> storedLocation(CertificateAuthority ca) throws StoreIOException, UntrustedPathException {
        AccountFiles files = files(ca);
        return files.exist() ? Optional.of(files.readUrl()) : Optional.empty();
    }

    /**
     * Where the account for a CA is or would be stored.
     *
     * @param ca the CA
     * @return {@code <accounts directory>/<ca storage key>}
     */
    public Path directory(CertificateAuthority ca) {
        return accountsDirectory.resolve(ca.storageKey());
    }

    /**
     * Logs in with the stored account, or registers a new one.
     *
     * @param ca the CA, for the storage location
     * @param session an open session to that CA
     * @param options contact, terms-of-service agreement and external account binding for a new
     *        registration
     * @param listener told which account is used
     * @return the login to place orders with
     * @throws ExternalAccountBindingException if a new account is needed, the CA requires an
     *         external account binding and none was given, or the CA refused the one given
     * @throws AccountActionRequiredException if a new account is needed and the terms of service
     *         were not agreed to, or the CA refuses the stored account (a deactivated one)
     * @throws StoreIOException if the account files cannot be read or written
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA refuses or cannot be reached
     */
    public Login login(CertificateAuthority ca, Session session, AccountOptions options, IssuanceListener listener)
            throws CertkeeperException {
        AccountFiles files = files(ca);
        if (files.exist()) {
            Optional<Login> existing = AccountLookup.find(files, session);
            if (existing.isPresent()) {
                listener.onAccount(existing.get().getAccountLocation(), false);
                return existing.get();
            }
            // The CA forgot the account (a test CA restarted, an account purged): the holder agreed
            // to the terms when registering it, so register the same key again.
            listener.onAccountUnknown(files.readUrl());
            AccountRegistration.requireBinding(ca, session, options);
            return AccountRegistration.register(files, session, files.readKey(),
                    new AccountOptions(options.email(), true, options.externalAccountBinding()), listener);
        }
        synchronized (this) {
            // Threads of one process ordering at once for a new config directory register one account.
            if (files.exist()) {
                return login(ca, session, options, listener);
            }
            AccountRegistration.requireBinding(ca, session, options);
            AccountRegistration.requireAgreement(session, options);
            return AccountRegistration.register(files, session, KeySpec.EC_P256.generate(), options, listener);
        }
    }

    /**
     * The stored account as a login, without asking the CA whether it still knows it: for
     * requests that do not need a valid account, such as fetching renewal information. A key
     * change that was interrupted is not settled here; {@link #login} does that.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @return the login, or empty if no account is stored for the CA
     * @throws StoreIOException if the account files cannot be read
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     */
    public Optional<Login> storedLogin(CertificateAuthority ca, Session session)
            throws StoreIOException, UntrustedPathException {
        AccountFiles files = files(ca);
        if (!files.exist()) {
            return Optional.empty();
        }
        return Optional.of(new Login(files.readUrl(), files.readKey(), session));
    }

    /**
     * Registers a new account with the CA and stores it.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @param options contact, terms-of-service agreement and external account binding
     * @return the new account as the CA describes it
     * @throws IllegalStateException if an account for the CA is already stored ({@link #hasAccount})
     * @throws ExternalAccountBindingException if the CA requires an external account binding and
     *         none was given, or the CA refused the one given
     * @throws AccountActionRequiredException if the CA has terms of service that were not agreed to
     * @throws StoreIOException if the account cannot be stored
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA refuses or cannot be reached
     */
    public AccountDetails register(CertificateAuthority ca, Session session, AccountOptions options)
            throws CertkeeperException {
        AccountFiles files = files(ca);
        if (files.exist()) {
            throw new IllegalStateException("an account for " + ca + " is already stored in " + files.directory());
        }
        AccountRegistration.requireBinding(ca, session, options);
        AccountRegistration.requireAgreement(session, options);
        return describe(AccountRegistration.register(files, session, KeySpec.EC_P256.generate(), options, IssuanceListener.NONE));
    }

    /**
     * Looks up the stored account at the CA.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @return the account as the CA describes it
     * @throws AccountActionRequiredException if no account is stored, or the CA does not know or
     *         refuses it
     * @throws StoreIOException if the account files cannot be read, or an interrupted key change
     *         cannot be completed
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA cannot be reached
     */
    public AccountDetails details(CertificateAuthority ca, Session session) throws CertkeeperException {
        return describe(existingLogin(ca, session));
    }

    /**
     * Replaces the account's contacts with one email address (RFC 8555
     * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.2">§7.3.2</a>). Some CAs no
     * longer keep contacts and ignore the update; the result shows what the CA kept.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @param email the new contact address
     * @return the account as the CA describes it after the update
     * @throws IllegalArgumentException if the address is not of the form {@code user@host.tld}
     * @throws AccountActionRequiredException if no account is stored, or the CA does not know or
     *         refuses it
     * @throws CertkeeperException if the CA refuses the update or cannot be reached
     */
    public AccountDetails updateContact(CertificateAuthority ca, Session session, String email) throws CertkeeperException {
        AccountOptions.requireEmail(Objects.requireNonNull(email, "email"));
        Login login = existingLogin(ca, session);
        AcmeErrors.call("updating the account's contact", () -> {
            Account.EditableAccount edit = login.getAccount().modify();
            edit.getContacts().clear();
            edit.addEmail(email);
            edit.commit();
            return null;
        });
        return describe(login);
    }

    /**
     * Changes the account's key to a new EC P-256 key (RFC 8555
     * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5">§7.3.5</a>), keeping the old
     * key until the CA has taken the new one.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @return the old and the new key
     * @throws AccountActionRequiredException if no account is stored, or the CA does not know or
     *         refuses it
     * @throws CaUnreachableException if the CA could not be reached or failed while asked to take
     *         the key; if it cannot say either which key it now knows, the new key stays in
     *         {@code account.key.next} and the next use of the account finds out
     * @throws StoreIOException if a key file cannot be written; the message says which key is in use
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA refuses the new key; the old key stays in use
     */
    public KeyChange rollover(CertificateAuthority ca, Session session) throws CertkeeperException {
        return rollover(ca, session, KeySpec.EC_P256.generate());
    }

    /**
     * Changes the account's key to the given one, keeping the old key until the CA has taken the
     * new one (RFC 8555 <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5">§7.3.5</a>).
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @param newKey the new key pair
     * @return the old and the new key
     * @throws IllegalArgumentException if the new key is the account's current key
     * @throws AccountActionRequiredException if no account is stored, or the CA does not know or
     *         refuses it
     * @throws CaUnreachableException if the CA could not be reached or failed while asked to take
     *         the key; if it cannot say either which key it now knows, the new key stays in
     *         {@code account.key.next} and the next use of the account finds out
     * @throws StoreIOException if a key file cannot be written; the message says which key is in use
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA refuses the new key; the old key stays in use
     */
    public KeyChange rollover(CertificateAuthority ca, Session session, KeyPair newKey) throws CertkeeperException {
        Objects.requireNonNull(newKey, "newKey");
        AccountFiles files = files(ca);
        Login login = existingLogin(ca, session);
        if (login.getKeyPair().getPublic().equals(newKey.getPublic())) {
            throw new IllegalArgumentException("the new account key is the current one");
        }
        AccountKey previous = AccountKey.of(login.getKeyPair().getPublic());
        files.writeNextKey(newKey);
        try {
            AcmeErrors.call("changing the account key", () -> {
                login.getAccount().changeKey(newKey);
                return null;
            });
        } catch (CaUnreachableException e) {
            // The CA may have taken the key before its answer was lost, or failed before taking it.
            if (!settle(files, session, newKey, e)) {
                throw e;
            }
        } catch (CertkeeperException e) {
            discardRefused(files, e);
            throw e;
        }
        files.promoteNextKey();
        LOG.info("changed the key of account {}", login.getAccountLocation());
        return new KeyChange(login.getAccountLocation(), previous, AccountKey.of(newKey.getPublic()));
    }

    /**
     * Deactivates the account at the CA (RFC 8555
     * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.6">§7.3.6</a>), which cannot be
     * undone, then moves its files aside to {@code <ca key>.deactivated-<UTC time>} next to where
     * they were, so that the next {@link #login} registers a new account. Certificates issued to
     * the account stay valid.
     *
     * @param ca the CA
     * @param session an open session to that CA
     * @return the account URL and where its files went
     * @throws AccountActionRequiredException if no account is stored, or the CA does not know or
     *         refuses it
     * @throws StoreIOException if the files cannot be moved; the account is then deactivated at
     *         the CA, and the message says to move them by hand
     * @throws UntrustedPathException if others could change the account's files; see
     *         {@link #storedLocation}
     * @throws CertkeeperException if the CA refuses or cannot be reached
     */
    public Deactivation deactivate(CertificateAuthority ca, Session session) throws CertkeeperException {
        AccountFiles files = files(ca);
        Login login = existingLogin(ca, session);
        AcmeErrors.call("deactivating the account", () -> {
            login.getAccount().deactivate();
            return null;
        });
        LOG.info("deactivated account {}", login.getAccountLocation());
        return new Deactivation(login.getAccountLocation(), files.moveAside(clock.instant()));
    }

    /** Logs in with the stored account, which must exist and be known to the CA. */
    private Login existingLogin(CertificateAuthority ca, Session session) throws CertkeeperException {
        AccountFiles files = files(ca);
        if (!files.exist()) {
            throw new AccountActionRequiredException("No account for " + ca + " is stored in " + files.directory()
                    + "; register one first", null);
        }
        Optional<Login> login = AccountLookup.find(files, session);
        if (login.isEmpty()) {
            throw new AccountActionRequiredException("The CA " + ca + " does not know the account " + files.readUrl()
                    + " stored in " + files.directory() + "; move that directory away and register a new account", null);
        }
        return login.get();
    }

    /**
     * Finds out whether the CA took the new key after a key change failed without a clear answer,
     * and completes or undoes the change accordingly; if the CA cannot tell, both keys stay for
     * the next use of the account to settle.
     *
     * @return {@code true} if the CA took the new key, which is now stored
     * @throws CaUnreachableException if the CA cannot be asked; the message names the side file
     */
    private static boolean settle(AccountFiles files, Session session, KeyPair newKey, CaUnreachableException failure)
            throws CaUnreachableException {
        try {
            Optional<Login> known = AccountLookup.find(files, session);
            return known.isPresent() && known.get().getKeyPair().getPublic().equals(newKey.getPublic());
        } catch (CertkeeperException e) {
            CaUnreachableException undecided = new CaUnreachableException(failure.getMessage() + " (the new key stays in "
                    + files.nextKeyFile() + " until the next command finds out whether the CA took it)", failure);
            undecided.addSuppressed(e);
            throw undecided;
        }
    }

    private static void discardRefused(AccountFiles files, CertkeeperException refusal) {
        try {
            files.discardNextKey();
        } catch (StoreIOException e) {
            refusal.addSuppressed(e);
        }
    }

    private static AccountDetails describe(Login login) throws CertkeeperException {
        return AcmeErrors.call("reading the account", () -> {
            Account account = login.getAccount();
            return new AccountDetails(login.getAccountLocation(), account.getStatus().name().toLowerCase(Locale.ROOT),
                    account.getContacts(), account.hasExternalAccountBinding(),
                    AccountKey.of(login.getKeyPair().getPublic()));
        });
    }

    private AccountFiles files(CertificateAuthority ca) {
        return new AccountFiles(directory(ca));
    }
}
