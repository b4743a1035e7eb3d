package io.certkeeper.acme.error;

import java.nio.file.Path;

/**
 * A file or directory that certkeeper would act on could be changed by someone other than root or
 * the user certkeeper runs as, so it is not used. The message names the path and the {@code chmod}
 * or {@code chown} that fixes it.
 */
public class UntrustedPathException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** The file or directory others may change. */
    private final transient Path path;

    /**
     * Creates the exception.
     *
     * @param message what was refused, naming the path, and the fix
     * @param path the file or directory others may change
     */
    public UntrustedPathException(String message, Path path) {
        super(message);
        this.path = path;
    }

    /**
     * The file or directory others may change: the one checked, or one of its ancestors.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }
}
