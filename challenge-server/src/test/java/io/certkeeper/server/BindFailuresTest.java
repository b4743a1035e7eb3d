package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The advice for failures that a test cannot provoke without privileges or a resolver. */
class BindFailuresTest {

    private static final InetSocketAddress PORT_80 = new InetSocketAddress(80);

    @Test
    void aPrivilegedPortNamesTheCapabilityAndTheAlternative() {
        ResponderBindException e = BindFailures.describe("port 80 on all interfaces", PORT_80, new BindException("Permission denied"), BindHints.COMMAND_LINE);

        assertThat(e).hasMessage("Cannot listen on port 80 on all interfaces: permission denied; ports below 1024 need root"
                + " or CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on the java binary),"
                + " or use --http-01-port with a port forward.");
    }

    @Test
    void aPortInUseNamesWebrootMode() {
        ResponderBindException e = BindFailures.describe("0.0.0.0:80", PORT_80, new BindException("Address already in use"), BindHints.COMMAND_LINE);

        assertThat(e).hasMessage("Cannot listen on 0.0.0.0:80: the port is already in use. Stop the program that holds it,"
                + " or if a web server such as nginx owns port 80, use webroot mode (--webroot -w DIR).");
    }

    @Test
    void theHintsAreThoseOfTheProgramThatConfiguredTheResponder() {
        BindHints file = new BindHints("challenge: {webroot: DIR} in the certificates file", "responder: {port: PORT}");

        ResponderBindException inUse = BindFailures.describe("0.0.0.0:80", PORT_80, new BindException("Address already in use"), file);
        ResponderBindException denied = BindFailures.describe("0.0.0.0:80", PORT_80, new BindException("Permission denied"), file);

        assertThat(inUse.getMessage()).endsWith("owns port 80, use challenge: {webroot: DIR} in the certificates file.")
                .doesNotContain("--webroot");
        assertThat(denied.getMessage()).endsWith("or use responder: {port: PORT} with a port forward.")
                .doesNotContain("--http-01-port");
    }

    @Test
    void anUnknownHostSaysSo() {
        ResponderBindException e = BindFailures.describe("no-such-host:80", InetSocketAddress.createUnresolved("no-such-host", 80),
                new UnknownHostException("no-such-host"), BindHints.COMMAND_LINE);

        assertThat(e.getMessage()).startsWith("Cannot listen on no-such-host:80: unknown host no-such-host.");
    }

    @Test
    void anUnrecognisedReasonKeepsTheSystemsWordsOnOneLineWithEveryHint() {
        ResponderBindException e = BindFailures.describe("0.0.0.0:80", PORT_80, new BindException("Adresse wird\nbereits verwendet"), BindHints.COMMAND_LINE);

        assertThat(e.getMessage())
                .startsWith("Cannot listen on 0.0.0.0:80: Adresse wird bereits verwendet.")
                .contains("webroot mode", "CAP_NET_BIND_SERVICE")
                .doesNotContain("\n");
    }
}
