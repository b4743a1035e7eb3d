package io.certkeeper.cli;

import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.ChallengeFailedException;
import io.certkeeper.acme.error.OrderFailedException;
import io.certkeeper.acme.error.RateLimitedException;
import io.certkeeper.acme.error.StoreIOException;

/**
 * certkeeper's exit codes, as listed by {@code --help}. 74 and 75 are the BSD sysexits values
 * for I/O errors and temporary failures, which service managers and cron wrappers understand.
 */
public final class ExitCode {

    /** Done, including "nothing was due". */
    public static final int OK = 0;
    /** Any other failure. */
    public static final int FAILURE = 1;
    /** Bad input: an unknown flag, an invalid name, a missing choice. */
    public static final int USAGE = 2;
    /** The CA could not validate a name or refused the order. */
    public static final int VALIDATION = 3;
    /** certkeeper's files could not be read or written. */
    public static final int IO = 74;
    /** Temporary: rate limited or CA unreachable; try again later. */
    public static final int TEMPORARY = 75;

    private ExitCode() {
    }

    /**
     * The exit code for an error.
     *
     * @param error what went wrong
     * @return the code
     */
    public static int of(Throwable error) {
        if (error instanceof IllegalArgumentException || error instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (error instanceof ChallengeFailedException || error instanceof OrderFailedException) {
            return VALIDATION;
        }
        if (error instanceof StoreIOException) {
            return IO;
        }
        if (error instanceof RateLimitedException || error instanceof CaUnreachableException) {
            return TEMPORARY;
        }
        return FAILURE;
    }
}
