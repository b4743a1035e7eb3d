package io.certkeeper.acme.account;

import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CertkeeperException;
import java.net.URL;
import java.security.KeyPair;
import java.util.Optional;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which stored key the CA knows an account by (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.1">§7.3.1</a>), settling a key
 * change that was interrupted on the way.
 *
 * <p>Stateless; callers hold the certificate store's lock, since settling writes files.
 */
final class AccountLookup {

    private static final Logger LOG = LoggerFactory.getLogger(AccountLookup.class);

    private AccountLookup() {
    }

    /**
     * Looks up the stored account by its key, first finishing a key change that was interrupted:
     * if the CA no longer knows the stored key but knows the side file's, the CA took the new key
     * and the side file replaces the stored key; otherwise the side file goes.
     *
     * @param files the stored account, which must exist
     * @param session an open session to the account's CA
     * @return the login, or empty if the CA knows neither key
     * @throws AccountActionRequiredException if the CA refuses a key (a deactivated account)
     * @throws CertkeeperException if a file cannot be read or written, or the CA cannot be reached
     */
    static Optional<Login> find(AccountFiles files, Session session) throws CertkeeperException {
        KeyPair key = files.readKey();
        Optional<KeyPair> next = files.readNextKey();
        Optional<Login> login = byKey(files, session, key);
        if (next.isPresent()) {
            Optional<Login> withNext = login.isPresent() ? Optional.empty() : byKey(files, session, next.get());
            if (withNext.isPresent()) {
                files.promoteNextKey();
                LOG.warn("Completed an interrupted change of the key of account {}: {} now holds the key the CA took",
                        withNext.get().getAccountLocation(), files.keyFile());
                login = withNext;
            } else {
                files.discardNextKey();
            }
        }
        if (login.isPresent()) {
            URL location = login.get().getAccountLocation();
            if (!location.equals(files.readUrl())) {
                files.save(login.get().getKeyPair(), location);
            }
        }
        return login;
    }

    /**
     * Asks the CA for the account of a key without creating one (RFC 8555 §7.3.1,
     * {@code onlyReturnExisting}), so that a stored account the CA no longer knows is noticed
     * before an order fails on it.
     */
    private static Optional<Login> byKey(AccountFiles files, Session session, KeyPair key)
            throws CertkeeperException {
        try {
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
        } catch (AccountActionRequiredException e) {
            throw new AccountActionRequiredException(e.getMessage() + ". If the account was deactivated, move "
                    + files.directory() + " away so that a new one is registered", e.instance().orElse(null));
        }
    }
}
