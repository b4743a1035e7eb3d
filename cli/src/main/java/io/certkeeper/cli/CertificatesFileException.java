package io.certkeeper.cli;

import io.certkeeper.acme.error.CertkeeperException;

/**
 * The certificates file of {@code certkeeper run} cannot be read or is not valid. The message
 * names the file, the line and the field, as {@code FILE:LINE: FIELD: problem}.
 */
final class CertificatesFileException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message {@code FILE:LINE: FIELD: problem}, or {@code FILE: problem} when no line applies
     */
    CertificatesFileException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message {@code FILE: problem}
     * @param cause the underlying error
     */
    CertificatesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
