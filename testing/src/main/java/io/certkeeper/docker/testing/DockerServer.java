package io.certkeeper.docker.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link DockerDaemon} for all the tests of a class: started before the first test, stopped
 * after the last. Registered on a static field of a class annotated with {@link RequiresDocker}:
 *
 * <pre>{@code
 * @RequiresDocker
 * class SomeIT {
 *     @RegisterExtension
 *     static final DockerServer docker = new DockerServer();
 *     // docker.get().host(), docker.get().run(...) in the tests
 * }
 * }</pre>
 *
 * <p>Should the engine not start although its programs are there (no permission to mount or to
 * make cgroups, say), each test is reported as skipped with the engine's log, or fails under
 * {@code CI=true}. Safe to read from any thread once the tests run.
 */
public final class DockerServer implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DockerServer.class);
    private static final String FAILURE = "start failure";

    private volatile DockerDaemon daemon;

    /** Creates the extension; the engine starts before the class's first test. */
    public DockerServer() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (DockerPrograms.missing().isPresent()) {
            return; // DockerCondition reports it for each test
        }
        try {
            daemon = DockerDaemon.start();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            if (DockerPrograms.onCi()) {
                throw e;
            }
            context.getStore(NAMESPACE).put(FAILURE, "the Docker engine cannot start here: " + e.getMessage());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DockerDaemon started = daemon;
        daemon = null;
        if (started != null) {
            started.close();
        }
    }

    /**
     * The running engine.
     *
     * @return the engine
     * @throws IllegalStateException outside the tests of the class that registers this extension
     */
    public DockerDaemon get() {
        DockerDaemon running = daemon;
        if (running == null) {
            throw new IllegalStateException("dockerd is not running: register DockerServer on a static field");
        }
        return running;
    }

    /** Why this class's engine did not start, as seen from one of its tests. */
    static Optional<String> startFailure(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(FAILURE, String.class));
    }
}
