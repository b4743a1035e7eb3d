package io.certkeeper.acme.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that runs {@link Nginx}. If {@code nginx} is missing, its tests are
 * reported as skipped, or fail under {@code CI=true}, before any {@code @BeforeAll} method runs.
 * See {@link Prerequisites}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(PrerequisitesCondition.class)
public @interface RequiresNginx {
}
