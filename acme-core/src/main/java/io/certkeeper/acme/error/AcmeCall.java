package io.certkeeper.acme.error;

import org.shredzone.acme4j.exception.AcmeException;

/**
 * One call into acme4j, for {@link AcmeErrors#call}.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface AcmeCall<T> {

    /**
     * Makes the call.
     *
     * @return its result
     * @throws AcmeException as acme4j throws it
     */
    T run() throws AcmeException;
}
