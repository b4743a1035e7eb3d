package io.certkeeper.acme.error;

import java.io.IOException;
import java.nio.file.Path;

/** Reading or writing certkeeper's files failed; nothing already in place was changed. */
public class StoreIOException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** The file or directory involved. */
    private final transient Path path;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the path, and what to do
     * @param path the file or directory involved
     * @param cause the I/O error
     */
    public StoreIOException(String message, Path path, IOException cause) {
        super(message, cause);
        this.path = path;
    }

    /**
     * The file or directory involved.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }
}
