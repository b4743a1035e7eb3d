package io.certkeeper.acme.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Locale;

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

    /**
     * Builds a one-line exception from an I/O error: the action, the path, the operating system's
     * reason in plain words, and what the user can do about it.
     *
     * @param action what was being done, for example {@code "Cannot write"}
     * @param path the file or directory involved
     * @param cause the error
     * @param consequence what it means for the certificate, for example
     *        {@code "the certificate in place was not changed"}; may be empty
     * @return the exception
     */
    public static StoreIOException of(String action, Path path, IOException cause, String consequence) {
        String reason = reason(cause);
        String message = action + " " + path + ": " + reason + "; " + fix(reason)
                + (consequence.isEmpty() ? "" : " (" + consequence + ")");
        return new StoreIOException(message, path, cause);
    }

    /**
     * The reason in the words of the operating system, such as {@code no space left on device}.
     *
     * @param e the error
     * @return the reason, lower-case
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof NotDirectoryException) {
            return "not a directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        } else if (e instanceof NotLinkException) {
            return "not a symbolic link";
        } else if (e instanceof FileSystemLoopException) {
            return "too many levels of symbolic links";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return lowerFirst(fse.getReason());
        }
        // Errors from write(2) and fsync(2), such as ENOSPC, arrive as a plain IOException.
        return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
    }

    private static String fix(String reason) {
        if (reason.contains("no space") || reason.contains("quota")) {
            return "free some space on that file system and run again";
        } else if (reason.contains("permission denied") || reason.contains("operation not permitted")) {
            return "run certkeeper as a user that may write there (usually root) or fix the permissions";
        } else if (reason.contains("read-only file system")) {
            return "mount it read-write or choose another directory";
        }
        return "check the path and run again";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
