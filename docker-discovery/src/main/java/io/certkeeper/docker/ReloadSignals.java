package io.certkeeper.docker;

import io.certkeeper.acme.error.CertkeeperException;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each running container labelled {@value DockerLabels#RELOAD_SIGNAL} its signal, such as
 * {@code HUP} to nginx so that it reads the renewed certificate. Failures are logged, never
 * thrown: a renewed certificate stays renewed. Thread-safe.
 */
final class ReloadSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignals.class);

    /** A signal's name or number as the engine takes it: {@code HUP}, {@code SIGHUP}, {@code 1}, {@code SIGRTMIN+3}. */
    private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9+]{1,20}");

    private final DockerEngine engine;

    ReloadSignals(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Signals the labelled containers.
     *
     * @param certificate the lineage that changed, for the log lines
     */
    void send(String certificate) {
        List<ContainerLabels> containers;
        try {
            containers = engine.runningContainers();
        } catch (CertkeeperException e) {
            LOG.warn("cannot signal the containers to reload after certificate {} changed: {}", certificate,
                    e.getMessage());
            return;
        }
        for (ContainerLabels container : containers) {
            String label = container.labels().get(DockerLabels.RELOAD_SIGNAL);
            if (label != null) {
                send(container, label.strip(), certificate);
            }
        }
    }

    private void send(ContainerLabels container, String signal, String certificate) {
        if (!SIGNAL.matcher(signal).matches()) {
            LOG.warn("not signalling container {}: label {} '{}' is not a signal, such as HUP", container.name(),
                    DockerLabels.RELOAD_SIGNAL, OneLine.of(signal));
            return;
        }
        try {
            engine.signal(container, signal);
            LOG.info("sent {} to container {} after certificate {} changed", signal, container.name(), certificate);
        } catch (CertkeeperException | RuntimeException e) {
            LOG.warn("certificate {} changed, but: {}", certificate, e.getMessage());
        }
    }
}
