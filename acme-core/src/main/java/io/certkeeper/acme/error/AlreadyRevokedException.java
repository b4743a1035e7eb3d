package io.certkeeper.acme.error;

import java.math.BigInteger;

/**
 * The CA reports that the certificate to revoke was revoked already (RFC 8555 §7.6,
 * {@code urn:ietf:params:acme:error:alreadyRevoked}). Nothing was changed: a caller that only
 * wants the certificate revoked may treat this as done.
 */
public class AlreadyRevokedException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** The serial number of the certificate. */
    private final BigInteger serial;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param serial the certificate's serial number
     */
    public AlreadyRevokedException(String message, BigInteger serial) {
        super(message);
        this.serial = serial;
    }

    /**
     * The serial number of the certificate the CA had revoked already.
     *
     * @return the serial number
     */
    public BigInteger serial() {
        return serial;
    }
}
