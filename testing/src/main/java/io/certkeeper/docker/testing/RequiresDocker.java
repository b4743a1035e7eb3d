package io.certkeeper.docker.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that runs a {@link DockerDaemon}. If {@code dockerd}, {@code docker}
 * or {@code busybox} is missing or the tests do not run as root, or a {@link DockerServer} of the
 * class could not start its engine, the tests are reported as skipped, with the reason; under
 * {@code CI=true} they fail instead, so that a CI image that lost a package breaks the build.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {
}
