package io.certkeeper.acme.testing;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Pebble} for all the tests of a class: started before the first test, stopped after
 * the last. Registered on a static field, so that JUnit calls it before and after all tests:
 *
 * <pre>{@code
 * @RequiresPebble
 * class SomeIT {
 *     @RegisterExtension
 *     static final PebbleServer pebble = PebbleServer.withDefaults();
 *     // pebble.directoryUrl(), pebble.caBundle(), pebble.httpPort() in the tests
 * }
 * }</pre>
 *
 * <p>The class is still annotated with {@link RequiresPebble}, which skips its tests visibly when
 * Pebble is missing (an abort before all tests would report no test at all). The accessors are
 * those of the running Pebble; {@link #get()} gives the Pebble itself. Safe to read from any
 * thread once the tests run.
 */
public final class PebbleServer implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<Pebble.Builder> settings;
    private volatile Pebble pebble;

    private PebbleServer(UnaryOperator<Pebble.Builder> settings) {
        this.settings = settings;
    }

    /**
     * A Pebble with the fixture's defaults: a free validation port, no nonce rejection.
     *
     * @return the extension, to register
     */
    public static PebbleServer withDefaults() {
        return configured(UnaryOperator.identity());
    }

    /**
     * A Pebble with settings of its own, such as environment variables or an external account
     * binding; applied to a fresh {@link Pebble#builder()} right before it starts.
     *
     * @param settings changes to the default builder
     * @return the extension, to register
     */
    public static PebbleServer configured(UnaryOperator<Pebble.Builder> settings) {
        return new PebbleServer(Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        pebble = settings.apply(Pebble.builder()).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Pebble started = pebble;
        pebble = null;
        if (started != null) {
            started.close();
        }
    }

    /**
     * The running Pebble.
     *
     * @return the Pebble
     * @throws IllegalStateException outside the tests of the class that registers this extension,
     *         or if it was registered on an instance field, where JUnit never starts it
     */
    public Pebble get() {
        Pebble running = pebble;
        if (running == null) {
            throw new IllegalStateException("Pebble is not running: register PebbleServer on a static field");
        }
        return running;
    }

    /**
     * See {@link Pebble#directoryUrl()}.
     *
     * @return the directory URL
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public URI directoryUrl() {
        return get().directoryUrl();
    }

    /**
     * See {@link Pebble#caBundle()}.
     *
     * @return the PEM file a client under test trusts
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public Path caBundle() {
        return get().caBundle();
    }

    /**
     * See {@link Pebble#httpPort()}.
     *
     * @return the port Pebble validates HTTP-01 challenges on
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public int httpPort() {
        return get().httpPort();
    }

    /**
     * See {@link Pebble#issuingRoot()}.
     *
     * @return the root of the certificates Pebble issues
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public X509Certificate issuingRoot() {
        return get().issuingRoot();
    }

    /**
     * See {@link Pebble#root(int)}.
     *
     * @param index the root's number
     * @return the root certificate
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}, or has no such root
     */
    public X509Certificate root(int index) {
        return get().root(index);
    }

    /**
     * See {@link Pebble#pebbleLog()}.
     *
     * @return Pebble's log file
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public Path pebbleLog() {
        return get().pebbleLog();
    }

    /**
     * See {@link Pebble#logs()}.
     *
     * @return the end of Pebble's and its DNS server's logs, for a failure message
     * @throws IllegalStateException if Pebble is not running, see {@link #get()}
     */
    public String logs() {
        return get().logs();
    }

    @Override
    public String toString() {
        Pebble running = pebble;
        return running == null ? "PebbleServer (not running)" : running.toString();
    }
}
