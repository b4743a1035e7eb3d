package io.certkeeper.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.certkeeper.acme.error.CertkeeperException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns docker-java's unchecked errors into one-line {@link CertkeeperException}s that name the
 * engine's address and what to check. The only place that reads docker-java's exceptions.
 */
final class EngineErrors {

    /** The engine's error documents: {@code {"message":"No such container: 1f3a"}}. */
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI address;

    EngineErrors(URI address) {
        this.address = address;
    }

    /**
     * The error for a failed call.
     *
     * @param action what certkeeper tried, such as {@code list the running containers}
     * @param failure what docker-java threw
     * @return the exception to throw
     */
    CertkeeperException translate(String action, Throwable failure) {
        if (failure instanceof DockerException answered) {
            return new CertkeeperException("the Docker engine at " + address + " refused to " + action + ": "
                    + describe(answered), failure);
        }
        return new CertkeeperException("cannot " + action + ": the Docker engine at " + address
                + " cannot be reached (" + OneLine.of(rootMessage(failure)) + "); " + advice(), failure);
    }

    /**
     * A short description of a failure, for a log line.
     *
     * @param failure what docker-java threw
     * @return the engine's status and message, or the root cause's message
     */
    static String describe(Throwable failure) {
        if (failure instanceof DockerException answered) {
            String text = answered.getMessage() == null ? "" : answered.getMessage();
            Matcher message = MESSAGE.matcher(text);
            String detail = message.find() ? message.group(1).replace("\\\"", "\"") : text;
            return OneLine.of("status " + answered.getHttpStatus() + ": "
                    + detail.replaceFirst("^Status \\d+: ", "").strip());
        }
        return OneLine.of(rootMessage(failure));
    }

    private String advice() {
        if ("unix".equals(address.getScheme())) {
            Path socket = Path.of(address.getPath());
            if (!Files.exists(socket)) {
                return "there is no socket there: mount the engine's socket into certkeeper's container "
                        + "(-v /var/run/docker.sock:/var/run/docker.sock) or set DOCKER_HOST";
            }
            return "is the engine running, and may certkeeper's user open the socket (root, or a member of "
                    + "its group, usually docker)?";
        }
        return "is the engine running and listening there? Check DOCKER_HOST";
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root instanceof IOException ? "I/O error" : root.getClass().getSimpleName();
        }
        return message;
    }
}
