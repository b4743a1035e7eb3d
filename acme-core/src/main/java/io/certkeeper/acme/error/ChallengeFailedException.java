package io.certkeeper.acme.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The CA could not validate control of one or more names.
 *
 * <p>Each failure carries the CA's problem detail, which says what the CA saw when it fetched the
 * challenge (a connection refused, a 404, the wrong content).
 */
public class ChallengeFailedException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** The names that failed and why. */
    private final List<Failure> failures;

    /**
     * Creates the exception for the given failures.
     *
     * @param failures at least one failed name with the CA's problem
     */
    public ChallengeFailedException(List<Failure> failures) {
        super(message(failures));
        this.failures = List.copyOf(failures);
    }

    /**
     * The names that failed, each with the CA's problem.
     *
     * @return the failures, never empty
     */
    public List<Failure> failures() {
        return failures;
    }

    private static String message(List<Failure> failures) {
        return "The CA could not validate "
                + failures.stream().map(f -> f.domain() + " (" + f.problem() + ")").collect(Collectors.joining("; "))
                + ". Check that http://<name>/.well-known/acme-challenge/ reaches this host on port 80.";
    }

    // @serial exclude: the javadoc of JDK 17 asks for a comment on each private field of a
    // serializable record; the components are documented by @param, which later javadoc uses.
    /**
     * One name the CA refused to validate.
     *
     * @param domain the name
     * @param problem what the CA reported
     * @serial exclude
     */
    public record Failure(String domain, CaProblem problem) implements java.io.Serializable {
    }
}
