package io.certkeeper.acme.account;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.ExternalAccountBindingException;
import java.net.URI;
import java.security.KeyPair;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a new account (RFC 8555 <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3">§7.3</a>),
 * with an external account binding (<a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">§7.3.4</a>)
 * where given, and checks beforehand what the CA requires, so that a registration bound to fail
 * sends nothing.
 *
 * <p>Stateless; callers hold the certificate store's lock.
 */
final class AccountRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistration.class);

    /** How CAs refuse a registration whose external account binding is wrong (Pebble: unauthorized). */
    private static final Set<String> BINDING_REFUSALS = Set.of("unauthorized", "malformed");

    private AccountRegistration() {
    }

    /** Registers the key and stores the account once the CA has accepted it. */
    static Login register(AccountFiles files, Session session, KeyPair key, AccountOptions options,
            IssuanceListener listener) throws CertkeeperException {
        AccountBuilder builder = new AccountBuilder().useKeyPair(key);
        if (options.agreeToTermsOfService()) {
            builder.agreeToTermsOfService();
        }
        options.email().ifPresent(builder::addEmail);
        options.externalAccountBinding().ifPresent(binding -> builder.withKeyIdentifier(binding.keyId(), binding.hmacKey()));
        AtomicReference<String> refusal = new AtomicReference<>("");
        Login login;
        try {
            login = AcmeErrors.call("registering an account", () -> {
                try {
                    return builder.createLogin(session);
                } catch (AcmeServerException e) {
                    refusal.set(AcmeErrors.toProblem(e.getProblem()).shortType());
                    throw e;
                }
            });
        } catch (CertkeeperException e) {
            Optional<ExternalAccountBinding> binding = options.externalAccountBinding();
            if (binding.isEmpty() || !BINDING_REFUSALS.contains(refusal.get())) {
                throw e;
            }
            ExternalAccountBindingException refused = new ExternalAccountBindingException(e.getMessage()
                    + ". Check the external account key identifier (" + binding.get().keyId()
                    + ") and HMAC key against what the CA issued");
            refused.initCause(e);
            throw refused;
        }
        files.save(key, login.getAccountLocation());
        LOG.debug("registered account {}", login.getAccountLocation());
        listener.onAccount(login.getAccountLocation(), true);
        return login;
    }

    /** Fails if the CA requires an external account binding and none is given. */
    static void requireBinding(CertificateAuthority ca, Session session, AccountOptions options)
            throws CertkeeperException {
        if (options.externalAccountBinding().isPresent()) {
            return;
        }
        boolean required = AcmeErrors.call("reading the CA's metadata",
                () -> session.getMetadata().isExternalAccountRequired());
        if (required) {
            throw new ExternalAccountBindingException(ca + " registers accounts only with an external account binding"
                    + " (RFC 8555 §7.3.4): pass the key identifier and HMAC key it issued for your account with it"
                    + " (--eab-kid, with --eab-hmac-key-file or CERTKEEPER_EAB_HMAC_KEY)");
        }
    }

    /** Fails if the CA has terms of service that were not agreed to. */
    static void requireAgreement(Session session, AccountOptions options) throws CertkeeperException {
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
}
