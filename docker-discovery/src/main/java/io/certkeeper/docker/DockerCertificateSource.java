package io.certkeeper.docker;

import io.certkeeper.acme.discovery.CertificateSource;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.Lineage;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates that running Docker containers ask for with their labels (see
 * {@link DockerLabels}): each container labelled {@value DockerLabels#DOMAINS} or
 * {@value DockerLabels#VIRTUAL_HOST} asks for one certificate. Anyone who can start a container can
 * set labels, so {@link DockerSettings#rules()} limit what they get: a container asking for a name
 * outside the allowed domains is skipped (by default none is allowed), and when several ask for
 * the same lineage name, the oldest container's request stands unless names are merged (then they
 * share one certificate with the names of all, the oldest container's first, and its key type if
 * they disagree). A container whose labels are invalid or not allowed is skipped with one warning
 * naming it and the problem; the others are not affected. Whether a lineage may be changed at all
 * (it may have been made by someone else) is for the caller to check against its stored settings.
 *
 * <p>{@link #watch} follows the engine's container events; {@link #deployed} signals the
 * containers labelled {@value DockerLabels#RELOAD_SIGNAL}.
 *
 * <pre>{@code
 * DockerSettings settings = DockerSettings.of(DockerSettings.DEFAULT_HOST)
 *         .withRules(DiscoveryRules.allowing(AllowedDomains.of("example.com", "*.example.com")));
 * try (DockerCertificateSource docker = DockerCertificateSource.open(settings)) {
 *     docker.watch(wakeUp);
 *     for (DiscoveredCertificate asked : docker.certificates()) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #certificates()} and {@link #deployed} may be called from any thread, also
 * while watching.
 */
public final class DockerCertificateSource implements CertificateSource {

    private static final Logger LOG = LoggerFactory.getLogger(DockerCertificateSource.class);

    private final DockerSettings settings;
    private final DockerEngine engine;
    private final ReloadSignals reloads;
    private EventWatch watch;
    private boolean watching;
    private boolean closed;

    private DockerCertificateSource(DockerSettings settings, DockerEngine engine) {
        this.settings = settings;
        this.engine = engine;
        this.reloads = new ReloadSignals(engine);
    }

    /**
     * Connects to the engine and checks that it answers.
     *
     * @param settings the engine's address and the watch's delays
     * @return the source, not yet watching
     * @throws CertkeeperException if the engine cannot be reached, with a message naming the
     *         address and what to check (is the socket mounted, may certkeeper's user open it)
     */
    public static DockerCertificateSource open(DockerSettings settings) throws CertkeeperException {
        Objects.requireNonNull(settings, "settings");
        DockerEngine engine = DockerEngine.at(settings.host());
        try {
            engine.ping();
        } catch (CertkeeperException | RuntimeException e) {
            engine.close();
            throw e;
        }
        return new DockerCertificateSource(settings, engine);
    }

    /**
     * The certificates the running containers ask for, by lineage name, as the settings' rules
     * allow. Logs a warning for each container skipped, on every call.
     *
     * @return the certificates, sorted by name
     * @throws CertkeeperException if the engine cannot be reached or refuses to list containers
     * @throws IllegalStateException if the source is closed
     */
    @Override
    public List<DiscoveredCertificate> certificates() throws CertkeeperException {
        requireOpen();
        ContainerScan scan = ContainerScan.of(engine.runningContainers(), settings.rules());
        scan.problems().forEach(LOG::warn);
        return scan.certificates();
    }

    /**
     * Starts following the engine's container events (start, stop, die, destroy, rename):
     * {@code changed} runs on a daemon thread of the source's own, {@link DockerSettings#debounce()}
     * after the last event of a burst, and once after reconnecting to an engine that went away.
     *
     * @param changed called after the containers may have changed
     * @throws CertkeeperException if the engine cannot be reached
     * @throws IllegalStateException if already watching, or closed
     */
    @Override
    public void watch(Runnable changed) throws CertkeeperException {
        Objects.requireNonNull(changed, "changed");
        synchronized (this) {
            requireOpen();
            if (watching) {
                throw new IllegalStateException("the Docker source is already watching");
            }
            watching = true;
        }
        EventWatch started;
        try {
            started = EventWatch.start(engine, settings, changed);
        } catch (CertkeeperException | RuntimeException e) {
            synchronized (this) {
                watching = false;
            }
            throw e;
        }
        boolean closedMeanwhile;
        synchronized (this) {
            closedMeanwhile = closed;
            if (!closed) {
                watch = started;
            }
        }
        if (closedMeanwhile) {
            started.close();
        }
    }

    /**
     * Sends every running container labelled {@value DockerLabels#RELOAD_SIGNAL} its signal, whatever
     * certificate changed; logs one line per container. Failures are logged, never thrown. Does
     * nothing once closed.
     *
     * @param lineage the lineage that changed
     */
    @Override
    public void deployed(Lineage lineage) {
        Objects.requireNonNull(lineage, "lineage");
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        reloads.send(lineage.name());
    }

    /** Stops watching and closes the connections. Idempotent. */
    @Override
    public void close() {
        EventWatch stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = watch;
            watch = null;
        }
        if (stopping != null) {
            stopping.close();
        }
        engine.close();
    }

    @Override
    public String toString() {
        return "Docker containers at " + settings.host();
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the Docker source is closed");
        }
    }
}
