package io.certkeeper.acme.error;

import java.util.Optional;

/**
 * The CA refused or abandoned the order: a name it will not issue for, a bad CSR, an order that
 * turned invalid.
 */
public class OrderFailedException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** The CA's problem document, when there was one. */
    private final CaProblem problem;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param problem the CA's problem, or {@code null} when the CA gave none
     */
    public OrderFailedException(String message, CaProblem problem) {
        super(message);
        this.problem = problem;
    }

    /**
     * The CA's problem document.
     *
     * @return the problem, if the CA sent one
     */
    public Optional<CaProblem> problem() {
        return Optional.ofNullable(problem);
    }
}
