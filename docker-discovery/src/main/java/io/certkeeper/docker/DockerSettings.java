package io.certkeeper.docker;

import io.certkeeper.acme.discovery.DiscoveryRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Docker engine is and how its changes are reported.
 *
 * @param host the engine's address, {@code unix:///path/to/docker.sock} or {@code tcp://host:port}
 *        (plain HTTP; a missing port is 2375, as for the docker CLI)
 * @param debounce how long after the last event of a burst {@code changed} is called; a burst of
 *        events (a {@code docker compose up} of ten containers) makes one call
 * @param reconnectDelay the first wait before reconnecting after the event stream broke; doubled
 *        after each failed attempt
 * @param maxReconnectDelay the longest wait between two reconnection attempts
 * @param rules the names containers may ask for and whether their requests for one lineage name
 *        are merged; {@link DiscoveryRules#NONE} by default, under which every container that asks
 *        for a certificate is skipped with a warning
 */
public record DockerSettings(URI host, Duration debounce, Duration reconnectDelay, Duration maxReconnectDelay,
        DiscoveryRules rules) {

    /** The variable that names the engine, as for the docker CLI. */
    public static final String DOCKER_HOST = "DOCKER_HOST";

    /** The variable that sets {@link #debounce()}, in milliseconds. */
    public static final String DEBOUNCE_MS = "CERTKEEPER_DOCKER_DEBOUNCE_MS";

    /** The engine's socket when {@code DOCKER_HOST} is not set. */
    public static final URI DEFAULT_HOST = URI.create("unix:///var/run/docker.sock");

    /** The default {@link #debounce()}. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(3);

    private static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(30);
    private static final Duration MAX_DEBOUNCE = Duration.ofHours(1);
    private static final int DEFAULT_TCP_PORT = 2375;

    /**
     * Validates the fields and normalises the address.
     *
     * @param host the engine's address, {@code unix:///path/to/docker.sock} or {@code tcp://host:port}
     *        (plain HTTP; a missing port is 2375, as for the docker CLI)
     * @param debounce how long after the last event of a burst {@code changed} is called; a burst of
     *        events (a {@code docker compose up} of ten containers) makes one call
     * @param reconnectDelay the first wait before reconnecting after the event stream broke; doubled
     *        after each failed attempt
     * @param maxReconnectDelay the longest wait between two reconnection attempts
     * @param rules the names containers may ask for and whether their requests for one lineage name
     *        are merged; {@link DiscoveryRules#NONE} by default, under which every container that asks
     *        for a certificate is skipped with a warning
     * @throws IllegalArgumentException if the address is neither {@code unix://} with an absolute
     *         path nor {@code tcp://} with a host, or a duration is negative (the reconnection delays
     *         must be positive), or the debounce is longer than an hour
     */
    public DockerSettings {
        host = normalise(Objects.requireNonNull(host, "host"));
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        Objects.requireNonNull(rules, "rules");
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("the Docker debounce must be between 0 and 1 hour, not " + debounce);
        }
        if (reconnectDelay.isNegative() || reconnectDelay.isZero() || maxReconnectDelay.compareTo(reconnectDelay) < 0) {
            throw new IllegalArgumentException("the reconnection delays must be positive, the first no longer than "
                    + "the longest: " + reconnectDelay + ", " + maxReconnectDelay);
        }
    }

    /**
     * The settings for an engine, with the default delays and {@link DiscoveryRules#NONE}: no
     * container gets a certificate until {@link #withRules} allows names.
     *
     * @param host the engine's address
     * @return the settings
     * @throws IllegalArgumentException if the address is not supported
     */
    public static DockerSettings of(URI host) {
        return new DockerSettings(host, DEFAULT_DEBOUNCE, DEFAULT_RECONNECT_DELAY, DEFAULT_MAX_RECONNECT_DELAY,
                DiscoveryRules.NONE);
    }

    /**
     * The settings a process environment gives: {@value #DOCKER_HOST} (else {@link #DEFAULT_HOST})
     * and {@value #DEBOUNCE_MS} (else {@link #DEFAULT_DEBOUNCE}). An empty variable counts as unset.
     *
     * @param environment the environment
     * @return the settings
     * @throws IllegalArgumentException if {@code DOCKER_HOST} is not a supported address, TLS is
     *         asked for ({@code DOCKER_TLS_VERIFY} with a {@code tcp://} address), or the debounce is
     *         not a number of milliseconds up to an hour; the message names the variable
     */
    public static DockerSettings fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        URI host = DEFAULT_HOST;
        String dockerHost = environment.getOrDefault(DOCKER_HOST, "").strip();
        if (!dockerHost.isEmpty()) {
            try {
                host = new URI(dockerHost);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(DOCKER_HOST + " '" + OneLine.of(dockerHost) + "' is not an address: "
                        + "use unix:///path/to/docker.sock or tcp://host:port");
            }
        }
        if ("tcp".equalsIgnoreCase(host.getScheme()) && !environment.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
            throw new IllegalArgumentException("DOCKER_TLS_VERIFY is set, but certkeeper cannot talk TLS to the Docker "
                    + "engine: give it the engine's socket (unix://) instead");
        }
        DockerSettings settings;
        try {
            settings = of(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DOCKER_HOST + ": " + e.getMessage(), e);
        }
        String debounce = environment.getOrDefault(DEBOUNCE_MS, "").strip();
        return debounce.isEmpty() ? settings : settings.withDebounce(parseMillis(debounce));
    }

    /**
     * The same settings with another debounce.
     *
     * @param value the new debounce
     * @return the settings
     * @throws IllegalArgumentException if it is negative or longer than an hour
     */
    public DockerSettings withDebounce(Duration value) {
        return new DockerSettings(host, value, reconnectDelay, maxReconnectDelay, rules);
    }

    /**
     * The same settings with other reconnection delays.
     *
     * @param first the first wait after the event stream broke
     * @param max the longest wait between two attempts
     * @return the settings
     * @throws IllegalArgumentException if a delay is not positive or {@code first} is longer than {@code max}
     */
    public DockerSettings withReconnectDelays(Duration first, Duration max) {
        return new DockerSettings(host, debounce, first, max, rules);
    }

    /**
     * The same settings with other rules for what containers may ask for.
     *
     * @param value the names allowed, and whether requests for one lineage name are merged
     * @return the settings
     */
    public DockerSettings withRules(DiscoveryRules value) {
        return new DockerSettings(host, debounce, reconnectDelay, maxReconnectDelay, value);
    }

    private static Duration parseMillis(String value) {
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0 && millis <= MAX_DEBOUNCE.toMillis()) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw new IllegalArgumentException(DEBOUNCE_MS + " '" + OneLine.of(value) + "' must be a number of "
                + "milliseconds between 0 and " + MAX_DEBOUNCE.toMillis());
    }

    private static URI normalise(URI host) {
        String scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                String path = host.getPath();
                if (host.getAuthority() != null || path == null || !path.startsWith("/")) {
                    throw new IllegalArgumentException("'" + OneLine.of(host.toString()) + "' is not a socket address: "
                            + "write unix:///path/to/docker.sock, with three slashes");
                }
                return URI.create("unix://" + path);
            }
            case "tcp" -> {
                if (host.getHost() == null) {
                    throw new IllegalArgumentException("'" + OneLine.of(host.toString()) + "' has no host: "
                            + "write tcp://host:port");
                }
                int port = host.getPort() < 0 ? DEFAULT_TCP_PORT : host.getPort();
                try {
                    return new URI("tcp", null, host.getHost(), port, null, null, null);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("'" + OneLine.of(host.toString()) + "' is not an address", e);
                }
            }
            default -> throw new IllegalArgumentException("'" + OneLine.of(host.toString()) + "' is not supported: "
                    + "use unix:///path/to/docker.sock or tcp://host:port");
        }
    }
}
