package io.certkeeper.acme.error;

import java.util.Objects;

/**
 * A hook program failed: it could not be started, exited with a non-zero code, or ran past its
 * timeout and was killed. The one-line message names the hook's purpose, the command, and what
 * went wrong, with the end of what the hook printed on standard error.
 */
public class HookFailedException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** What the hook is for, such as {@code "deploy hook"}. */
    private final String purpose;
    /** Whether the program was started at all. */
    private final boolean started;
    /** What it printed on standard output before it failed. */
    private final String stdout;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do, on one line
     * @param purpose what the hook is for, such as {@code "deploy hook"}
     * @param started whether the program was started at all, so that whatever it does may need
     *        undoing
     * @param stdout what it printed on standard output before it failed; empty if it never started
     * @param cause the error that kept it from starting, or {@code null}
     */
    public HookFailedException(String message, String purpose, boolean started, String stdout, Throwable cause) {
        super(message, cause);
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.started = started;
        this.stdout = Objects.requireNonNull(stdout, "stdout");
    }

    /**
     * What the hook is for.
     *
     * @return the purpose, such as {@code "deploy hook"}
     */
    public String purpose() {
        return purpose;
    }

    /**
     * Whether the program was started, so that it may have done part of its work: {@code false}
     * only if it could not be executed at all.
     *
     * @return {@code true} if it ran, even if it then failed or was killed
     */
    public boolean started() {
        return started;
    }

    /**
     * What the hook printed on standard output before it failed (the last
     * {@code HookRunner.OUTPUT_LIMIT} bytes of it).
     *
     * @return the output, empty if there was none or the hook never started
     */
    public String stdout() {
        return stdout;
    }
}
