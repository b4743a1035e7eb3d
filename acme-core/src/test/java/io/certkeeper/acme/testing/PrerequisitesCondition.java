package io.certkeeper.acme.testing;

import io.certkeeper.acme.testing.Prerequisites.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips (or, under {@code CI=true}, fails) a class or method annotated with {@link RequiresPebble},
 * {@link RequiresNginx} or {@link RequiresSecondUser} when a program it needs is missing, or root
 * for a second user. A condition, unlike an abort in
 * {@code @BeforeAll}, makes every test of the class show up as skipped.
 */
final class PrerequisitesCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<Program> needed = new ArrayList<>();
        if (AnnotationSupport.isAnnotated(context.getElement(), RequiresPebble.class)) {
            needed.add(Program.PEBBLE);
            needed.add(Program.PEBBLE_CHALLTESTSRV);
        }
        if (AnnotationSupport.isAnnotated(context.getElement(), RequiresNginx.class)) {
            needed.add(Program.NGINX);
        }
        Map<String, String> environment = System.getenv();
        Optional<String> missing = Prerequisites.missing(needed, environment);
        if (missing.isEmpty() && AnnotationSupport.isAnnotated(context.getElement(), RequiresSecondUser.class)) {
            missing = Prerequisites.missing(List.of(Program.USERADD, Program.RUNUSER), environment)
                    .or(Prerequisites::notRoot);
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("required programs are installed");
        }
        if (Prerequisites.onCi(environment)) {
            return Assertions.fail(missing.get());
        }
        return ConditionEvaluationResult.disabled(missing.get());
    }
}
