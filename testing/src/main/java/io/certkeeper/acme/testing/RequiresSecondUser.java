package io.certkeeper.acme.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that acts as a second, unprivileged user ({@link LocalUser}): it
 * needs to run as root, with {@code useradd}, {@code userdel} and {@code runuser}. Otherwise its tests are reported
 * as skipped, or fail under {@code CI=true}, which runs as root. See {@link Prerequisites}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(PrerequisitesCondition.class)
public @interface RequiresSecondUser {
}
