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
 * {@link RequiresNginx} or {@link RequiresSecondUser} when a program it needs is missing, or, for
 * a second user, when the tests do not run as root. A condition, unlike an abort in
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
        boolean secondUser = AnnotationSupport.isAnnotated(context.getElement(), RequiresSecondUser.class);
        if (secondUser) {
            needed.add(Program.USERADD);
            needed.add(Program.USERDEL);
            needed.add(Program.RUNUSER);
        }
        Map<String, String> environment = System.getenv();
        Optional<String> missing = Prerequisites.missing(needed, environment)
                .or(() -> secondUser ? Prerequisites.notRoot(LocalUser.currentUid()) : Optional.empty());
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("required programs are installed");
        }
        if (Prerequisites.onCi(environment)) {
            return Assertions.fail(missing.get());
        }
        return ConditionEvaluationResult.disabled(missing.get());
    }
}
