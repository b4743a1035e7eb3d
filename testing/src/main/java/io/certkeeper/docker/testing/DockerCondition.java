package io.certkeeper.docker.testing;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips (or, under {@code CI=true}, fails) what {@link RequiresDocker} marks when a Docker engine
 * cannot run here, before any {@code @BeforeAll} method; and each test of a class whose
 * {@link DockerServer} could not start its engine.
 */
final class DockerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(DockerPrograms.missing().or(() -> DockerServer.startFailure(context)), DockerPrograms.onCi());
    }

    /**
     * The outcome for a reason not to run, if any.
     *
     * @throws org.opentest4j.AssertionFailedError if there is one and {@code onCi}
     */
    static ConditionEvaluationResult evaluate(Optional<String> missing, boolean onCi) {
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine can run");
        }
        if (onCi) {
            return Assertions.fail(missing.get());
        }
        return ConditionEvaluationResult.disabled(missing.get());
    }
}
