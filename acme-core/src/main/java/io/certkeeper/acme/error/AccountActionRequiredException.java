package io.certkeeper.acme.error;

import java.net.URI;
import java.util.Optional;

/**
 * The CA needs something from the account holder first: agreeing to new terms of service, an
 * external account binding, or a visit to a web page.
 */
public class AccountActionRequiredException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** A page with instructions, or {@code null}. */
    private final URI instance;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param instance a page the user should visit, or {@code null}
     */
    public AccountActionRequiredException(String message, URI instance) {
        super(message);
        this.instance = instance;
    }

    /**
     * A page the CA asks the user to visit.
     *
     * @return the page, if the CA named one
     */
    public Optional<URI> instance() {
        return Optional.ofNullable(instance);
    }
}
