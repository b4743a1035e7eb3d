package io.certkeeper.acme.error;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The certificate store is locked by another run for longer than this one waits. Temporary: the
 * other run will finish. The message names the holder when known.
 */
public class StoreBusyException extends StoreIOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the holder, and what to do
     * @param path the lock file
     * @param cause the underlying failure, if any
     */
    public StoreBusyException(String message, Path path, IOException cause) {
        super(message, path, cause);
    }
}
