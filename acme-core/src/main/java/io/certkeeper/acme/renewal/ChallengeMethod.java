package io.certkeeper.acme.renewal;

import io.certkeeper.acme.DomainName;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a lineage's names were proven, remembered so that a renewal proves them the same way.
 * This is the stored description; the CLI turns it into a running responder, a webroot or hooks.
 */
public sealed interface ChallengeMethod {

    /**
     * certkeeper's own HTTP-01 responder.
     *
     * @param address the address it listens on; empty for every address
     * @param port the port, 80 unless a proxy forwards another one
     */
    record Standalone(Optional<String> address, int port) implements ChallengeMethod {
        /**
         * Validates the fields.
         *
         * @param address the address it listens on; empty for every address
         * @param port the port, 80 unless a proxy forwards another one
         */
        public Standalone {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
            }
        }
    }

    /**
     * Files in directories a web server already serves.
     *
     * @param webroots the directory for each name
     */
    record Webroot(Map<DomainName, Path> webroots) implements ChallengeMethod {
        /**
         * Validates the fields.
         *
         * @param webroots the directory for each name
         */
        public Webroot {
            webroots = Map.copyOf(webroots);
            if (webroots.isEmpty()) {
                throw new IllegalArgumentException("a webroot challenge needs a directory for at least one name");
            }
        }
    }

    /**
     * Programs that publish and withdraw the token, with certbot's environment.
     *
     * @param authHook the command that publishes a token
     * @param cleanupHook the command that withdraws it, if any
     */
    record Manual(String authHook, Optional<String> cleanupHook) implements ChallengeMethod {
        /**
         * Validates the fields.
         *
         * @param authHook the command that publishes a token
         * @param cleanupHook the command that withdraws it, if any
         */
        public Manual {
            Objects.requireNonNull(authHook, "authHook");
            Objects.requireNonNull(cleanupHook, "cleanupHook");
            if (authHook.isBlank()) {
                throw new IllegalArgumentException("the manual auth hook is empty");
            }
        }
    }
}
