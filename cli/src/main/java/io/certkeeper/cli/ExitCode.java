package io.certkeeper.cli;

import java.util.List;
import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.ChallengeFailedException;
import io.certkeeper.acme.error.ExternalAccountBindingException;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.error.OrderFailedException;
import io.certkeeper.acme.error.RateLimitedException;
import io.certkeeper.acme.error.StoreBusyException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;

/**
 * certkeeper's exit codes, as listed by {@code --help}. 74 and 75 are the BSD sysexits values
 * for I/O errors and temporary failures, which service managers and cron wrappers understand.
 */
public final class ExitCode {

    /** Done, including "nothing was due". */
    public static final int OK = 0;
    /** Any other failure. */
    public static final int FAILURE = 1;
    /**
     * Bad input: an unknown flag, an invalid name, a missing choice, or a config directory or file
     * that users other than root and the one certkeeper runs as could change.
     */
    public static final int USAGE = 2;
    /** The CA could not validate a name or refused the order. */
    public static final int VALIDATION = 3;
    /** certkeeper's files could not be read or written. */
    public static final int IO = 74;
    /** Temporary: rate limited, CA unreachable, or the store locked by another run; try again later. */
    public static final int TEMPORARY = 75;

    private ExitCode() {
    }

    /**
     * The codes with their meaning, in order, for {@code --help}.
     *
     * @return code to description
     */
    public static java.util.Map<String, String> descriptions() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put(String.valueOf(OK), "done, also when nothing was due");
        codes.put(String.valueOf(FAILURE), "other failure");
        codes.put(String.valueOf(USAGE), "bad input (unknown flag, invalid name, missing choice, a file or directory others may change)");
        codes.put(String.valueOf(VALIDATION), "the CA could not validate a name or refused the order");
        codes.put(String.valueOf(IO), "certkeeper's files could not be read or written");
        codes.put(String.valueOf(TEMPORARY), "temporary: rate limited, CA unreachable, or another run holds the store; try again later");
        return codes;
    }

    /**
     * The more serious of two exit codes, for a run that handles several lineages: bad input, then
     * storage I/O, other failures, validation failures, temporary failures, and success.
     *
     * @param a one code
     * @param b another code
     * @return the one to exit with
     */
    public static int worse(int a, int b) {
        List<Integer> mildToSevere = List.of(OK, TEMPORARY, VALIDATION, FAILURE, IO, USAGE);
        return mildToSevere.indexOf(a) >= mildToSevere.indexOf(b) ? a : b;
    }

    /**
     * The exit code for an error.
     *
     * @param error what went wrong
     * @return the code
     */
    public static int of(Throwable error) {
        if (error instanceof HookFailedException) {
            // The user's own program failed: neither bad input nor the CA's doing.
            return FAILURE;
        }
        if (error instanceof IllegalArgumentException || error instanceof picocli.CommandLine.ParameterException
                || error instanceof ExternalAccountBindingException || error instanceof CertificatesFileException
                || error instanceof UntrustedPathException) {
            return USAGE;
        }
        if (error instanceof ChallengeFailedException || error instanceof OrderFailedException) {
            return VALIDATION;
        }
        if (error instanceof StoreIOException && !(error instanceof StoreBusyException)) {
            return IO;
        }
        if (error instanceof RateLimitedException || error instanceof CaUnreachableException || error instanceof StoreBusyException) {
            return TEMPORARY;
        }
        return FAILURE;
    }
}
