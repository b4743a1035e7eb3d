package io.certkeeper.acme.hook;

import java.util.Objects;

/**
 * What a hook that ran to completion left: its exit code and its output.
 *
 * <p>Output is decoded as UTF-8; of a hook that printed more than {@link HookRunner#OUTPUT_LIMIT}
 * bytes on a stream, only the last {@code OUTPUT_LIMIT} bytes are kept.
 *
 * @param exitCode the exit code; 128 + the signal number if a signal ended it
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error
 */
public record HookResult(int exitCode, String stdout, String stderr) {

    /**
     * Validates the fields.
     *
     * @param exitCode the exit code; 128 + the signal number if a signal ended it
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     */
    public HookResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
