package io.certkeeper.acme.error;

/** The CA could not be reached or answered with a server error; the same request may work later. */
public class CaUnreachableException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause the network error
     */
    public CaUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
