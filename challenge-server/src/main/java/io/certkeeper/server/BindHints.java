package io.certkeeper.server;

import java.util.Objects;

/**
 * How a failure to listen names the two ways around the port, in the words of the program that
 * configured the responder: its message says "use &lt;webroot&gt;" when a web server owns the
 * port, and "or &lt;otherPort&gt; with a port forward" when the port needs privileges.
 *
 * @param webroot how to answer the challenges through the web server instead, such as
 *        {@code webroot mode (--webroot -w DIR)}
 * @param otherPort how to listen on another port, such as {@code --http-01-port}
 */
public record BindHints(String webroot, String otherPort) {

    /** certkeeper's command-line options for one certificate ({@code certonly}, {@code renew}). */
    public static final BindHints COMMAND_LINE = new BindHints("webroot mode (--webroot -w DIR)", "--http-01-port");

    /**
     * Validates the fields.
     *
     * @param webroot how to answer the challenges through the web server instead, such as
     *        {@code webroot mode (--webroot -w DIR)}
     * @param otherPort how to listen on another port, such as {@code --http-01-port}
     */
    public BindHints {
        Objects.requireNonNull(webroot, "webroot");
        Objects.requireNonNull(otherPort, "otherPort");
    }
}
