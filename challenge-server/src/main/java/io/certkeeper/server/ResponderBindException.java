package io.certkeeper.server;

import io.certkeeper.acme.error.CertkeeperException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The challenge responder could not listen where it was asked to: the port is taken, binding it
 * needs privileges, or the address is not one of this machine's.
 *
 * <p>The message is one line that says what happened and what to do about it.
 */
public class ResponderBindException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** Where the responder tried to listen. */
    private final InetSocketAddress address;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do, one line
     * @param address where the responder tried to listen; for all interfaces, the wildcard address
     * @param cause the underlying error
     */
    public ResponderBindException(String message, InetSocketAddress address, Throwable cause) {
        super(message, cause);
        this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * Where the responder tried to listen.
     *
     * @return the address and port of the failed attempt; for all interfaces, the wildcard address
     */
    public InetSocketAddress address() {
        return address;
    }
}
