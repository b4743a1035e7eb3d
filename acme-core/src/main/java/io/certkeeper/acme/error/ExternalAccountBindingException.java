package io.certkeeper.acme.error;

/**
 * The CA registers accounts only with an external account binding (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">§7.3.4</a>), and none was given,
 * or it refused the one given. The user has to supply the key identifier and HMAC key the CA
 * issued; trying again unchanged does not help.
 */
public class ExternalAccountBindingException extends AccountActionRequiredException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public ExternalAccountBindingException(String message) {
        super(message, null);
    }
}
