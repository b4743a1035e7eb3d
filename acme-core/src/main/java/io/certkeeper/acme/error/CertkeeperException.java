package io.certkeeper.acme.error;

/**
 * The root of every checked error certkeeper reports.
 *
 * <p>The message names the cause and, where there is one, what the user can do about it; it is
 * written to be shown as one line. Callers branch on the few subtypes; everything else is this
 * type.
 */
public class CertkeeperException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a one-line message.
     *
     * @param message what happened and what to do
     */
    public CertkeeperException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a one-line message and its cause.
     *
     * @param message what happened and what to do
     * @param cause the underlying error
     */
    public CertkeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
