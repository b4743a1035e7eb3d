package io.certkeeper.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.certkeeper.acme.error.CertkeeperException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine's API as discovery uses it: the running containers, their events, and
 * signals. The only class that calls docker-java. Thread-safe.
 */
final class DockerEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** The container events after which the set of running containers, or their names, may differ. */
    private static final List<String> CHANGES = List.of("start", "stop", "die", "destroy", "rename");

    private final URI address;
    private final EngineErrors errors;
    private final DockerClient requests;
    /** A second client for the event stream, which must not time out while no container changes. */
    private final DockerClient events;

    private DockerEngine(URI address, DockerClient requests, DockerClient events) {
        this.address = address;
        this.errors = new EngineErrors(address);
        this.requests = requests;
        this.events = events;
    }

    /**
     * Makes the clients for an engine; connects on the first call only.
     *
     * @param address a {@code unix://} or {@code tcp://} address, as {@link DockerSettings} checked it
     * @return the engine
     */
    static DockerEngine at(URI address) {
        // A builder of our own, not createDefaultConfigBuilder(): that one reads the JVM's
        // environment and ~/.docker, where certkeeper is given its environment explicitly.
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(address.toString())
                .withDockerTlsVerify(false)
                .build();
        ApacheDockerHttpClient requestsHttp = new ApacheDockerHttpClient.Builder()
                .dockerHost(address)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        ApacheDockerHttpClient eventsHttp = new ApacheDockerHttpClient.Builder()
                .dockerHost(address)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        return new DockerEngine(address, DockerClientImpl.getInstance(config, requestsHttp),
                DockerClientImpl.getInstance(config, eventsHttp));
    }

    URI address() {
        return address;
    }

    EngineErrors errors() {
        return errors;
    }

    /**
     * Checks that the engine answers.
     *
     * @throws CertkeeperException if it does not, naming the address and what to check
     */
    void ping() throws CertkeeperException {
        try {
            requests.pingCmd().exec();
        } catch (RuntimeException e) {
            throw errors.translate("connect", e);
        }
    }

    /**
     * The running containers, oldest first (then by name), so that merging is stable.
     *
     * @return the containers
     * @throws CertkeeperException if the engine cannot be reached or refuses
     */
    List<ContainerLabels> runningContainers() throws CertkeeperException {
        List<Container> containers;
        try {
            containers = requests.listContainersCmd().exec();
        } catch (RuntimeException e) {
            throw errors.translate("list the running containers", e);
        }
        return containers.stream()
                .sorted(Comparator.comparing((Container c) -> c.getCreated() == null ? 0L : c.getCreated())
                        .thenComparing(DockerEngine::name)
                        .thenComparing(Container::getId))
                .map(c -> new ContainerLabels(c.getId(), name(c), c.getLabels() == null ? Map.of() : c.getLabels()))
                .toList();
    }

    /**
     * Sends a signal to a container.
     *
     * @param container the container
     * @param signal the signal, such as {@code HUP}
     * @throws CertkeeperException if the engine cannot be reached or refuses (the container is
     *         gone, or the signal unknown)
     */
    void signal(ContainerLabels container, String signal) throws CertkeeperException {
        try {
            requests.killContainerCmd(container.id()).withSignal(signal).exec();
        } catch (RuntimeException e) {
            throw errors.translate("send " + signal + " to container " + container.name(), e);
        }
    }

    /**
     * Starts receiving the events after which the set of containers may differ, on a thread of
     * docker-java's; failures, also of the connection, arrive through the callback.
     *
     * @param callback receives the events
     */
    void subscribe(ResultCallback<Event> callback) {
        events.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter(CHANGES.toArray(String[]::new))
                .exec(callback);
    }

    @Override
    public void close() {
        for (DockerClient client : List.of(events, requests)) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the Docker client for {} failed", address, e);
            }
        }
    }

    private static String name(Container container) {
        String[] names = container.getNames();
        if (names == null || names.length == 0) {
            return container.getId().substring(0, Math.min(12, container.getId().length()));
        }
        String name = names[0];
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
