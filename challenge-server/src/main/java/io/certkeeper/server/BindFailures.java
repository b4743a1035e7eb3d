package io.certkeeper.server;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns the operating system's reason for a failed bind into a {@link ResponderBindException}
 * whose one-line message says what to do.
 *
 * <p>The JDK reports the reason only as the operating system's message text, so the common cases
 * are recognised by that text; an unrecognised one (a translated message, say) still gets a
 * message that names every likely fix.
 */
final class BindFailures {

    private BindFailures() {
    }

    /**
     * Describes a failed attempt to listen.
     *
     * @param where the attempt as the user would name it, like {@code 127.0.0.1:80}
     * @param address the address and port of the attempt
     * @param cause what the operating system or resolver reported
     * @param hints how the configuring program names the ways around the port
     * @return the exception to throw
     */
    static ResponderBindException describe(String where, InetSocketAddress address, Throwable cause, BindHints hints) {
        return new ResponderBindException("Cannot listen on " + where + ": " + advice(address.getPort(), cause, hints), address, cause);
    }

    private static String advice(int port, Throwable cause, BindHints hints) {
        String reason = oneLine(cause.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        if (cause instanceof UnknownHostException) {
            return "unknown host " + reason + ". Give an IP address of this machine, or leave the address out to listen on all interfaces.";
        }
        if (lower.contains("in use")) {
            return "the port is already in use. Stop the program that holds it, or if a web server such as nginx owns port "
                    + port + ", use " + hints.webroot() + ".";
        }
        if (lower.contains("permission denied") || lower.contains("not permitted")) {
            return port < 1024
                    ? "permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on the java binary), or use "
                            + hints.otherPort() + " with a port forward."
                    : "permission denied by the operating system; check its security policy (SELinux, AppArmor) or choose another port.";
        }
        if (lower.contains("assign requested address")) {
            return "the address is not one of this machine's. Give the address of a local interface, or leave the address out to listen on all interfaces.";
        }
        return reason + ". If another program holds the port, stop it or use " + hints.webroot()
                + "; ports below 1024 need root or CAP_NET_BIND_SERVICE.";
    }

    private static String oneLine(String message) {
        return message == null || message.isBlank() ? "unknown error" : message.strip().replaceAll("\\s+", " ");
    }
}
