package io.certkeeper.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the commands take from the world outside their arguments, injected so tests control it.
 *
 * @param clock the clock
 * @param env the process environment
 * @param home the user's home directory
 * @param root whether the process runs as root
 * @param terminal whether standard input is a terminal a person can answer questions on
 * @param in standard input, for questions
 */
public record CliEnvironment(Clock clock, Map<String, String> env, Path home, boolean root, boolean terminal,
        BufferedReader in) {

    /**
     * Validates the fields.
     *
     * @param clock the clock
     * @param env the process environment
     * @param home the user's home directory
     * @param root whether the process runs as root
     * @param terminal whether standard input is a terminal a person can answer questions on
     * @param in standard input, for questions
     */
    public CliEnvironment {
        Objects.requireNonNull(clock, "clock");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(in, "in");
    }

    /**
     * The environment of this process.
     *
     * @return the real environment
     */
    public static CliEnvironment system() {
        return new CliEnvironment(Clock.systemUTC(), System.getenv(), Path.of(System.getProperty("user.home")),
                "root".equals(System.getProperty("user.name")), System.console() != null,
                new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())));
    }

    /**
     * Where certificates and accounts go without {@code --config-dir}: {@code /etc/certkeeper}
     * for root, as certbot uses {@code /etc/letsencrypt}; otherwise
     * {@code $XDG_CONFIG_HOME/certkeeper}, or {@code ~/.config/certkeeper}.
     *
     * @return the default config directory
     */
    public Path defaultConfigDirectory() {
        if (root) {
            return Path.of("/etc/certkeeper");
        }
        return Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(home.resolve(".config")).resolve("certkeeper");
    }
}
