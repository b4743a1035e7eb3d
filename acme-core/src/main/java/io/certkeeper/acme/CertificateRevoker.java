package io.certkeeper.acme;

import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.AlreadyRevokedException;
import io.certkeeper.acme.error.CertkeeperException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * Revokes certificates with the account that ordered them (RFC 8555 §7.6): the request is signed
 * with the stored account key, so no certificate key is needed, and a CA accepts it from the
 * account that ordered the certificate or one that holds valid authorizations for all its names.
 *
 * <p>A new account is never registered for a revocation: a fresh account could not revoke anything.
 *
 * <p>Thread-safe as far as the {@link AccountService} is: callers hold the certificate store's lock
 * when another thread may register an account with the same CA at the same time.
 */
public final class CertificateRevoker {

    private static final String ALREADY_REVOKED = "urn:ietf:params:acme:error:alreadyRevoked";

    private final AccountService accounts;
    private final IssuanceListener listener;

    /**
     * Creates the revoker.
     *
     * @param accounts where the account is kept
     * @param listener told which account is used
     */
    public CertificateRevoker(AccountService accounts, IssuanceListener listener) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Asks the CA to revoke a certificate.
     *
     * @param ca the CA that issued it
     * @param certificate the certificate (the leaf, not an issuer)
     * @param reason the reason given to the CA
     * @throws AlreadyRevokedException if the CA reports that it was revoked already
     * @throws AccountActionRequiredException if no account is stored for the CA, or the CA refuses
     *         the account, for example because another account ordered the certificate
     * @throws CertkeeperException if the CA refuses the revocation otherwise or cannot be reached
     * @throws IllegalArgumentException if the CA's bundle cannot be read
     */
    public void revoke(CertificateAuthority ca, X509Certificate certificate, RevocationReason reason)
            throws CertkeeperException {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(reason, "reason");
        if (!accounts.hasAccount(ca)) {
            throw new AccountActionRequiredException("No account for " + ca + " is stored here; a certificate is revoked"
                    + " with the account that ordered it, so use the config directory that holds that account", null);
        }
        Session session = AcmeSessions.open(ca);
        Login login = accounts.login(ca, session, new AccountOptions(Optional.empty(), false), listener);
        String serial = certificate.getSerialNumber().toString(16);
        boolean revoked = AcmeErrors.call("revoking the certificate with serial " + serial, () -> {
            try {
                Certificate.revoke(login, certificate, reason.acme());
                return true;
            } catch (AcmeServerException e) {
                if (e.getType() != null && e.getType().toString().equals(ALREADY_REVOKED)) {
                    return false;
                }
                throw e;
            }
        });
        if (!revoked) {
            throw new AlreadyRevokedException("The CA says the certificate with serial " + serial
                    + " is already revoked; nothing was changed", certificate.getSerialNumber());
        }
    }
}
