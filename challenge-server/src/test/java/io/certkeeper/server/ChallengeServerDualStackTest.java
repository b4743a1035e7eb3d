package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IPv6, which needs a machine with an IPv6 loopback; without one these tests are reported skipped. */
class ChallengeServerDualStackTest {

    private static InetAddress ipv6Loopback;

    @BeforeAll
    static void requireIpv6Loopback() throws IOException {
        ipv6Loopback = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, ipv6Loopback)) {
            assertThat(probe.getLocalPort()).isPositive();
        } catch (IOException e) {
            Assumptions.abort("IPv6 tests skipped: this machine has no IPv6 loopback (binding [::1] failed: " + e.getMessage() + ")");
        }
    }

    @Test
    void withoutAnAddressItAnswersOnIpv6AndIpv4() throws Exception {
        try (ChallengeServer server = ChallengeServer.builder(TestTokens.store()).port(0).start()) {
            assertThat(server.addresses()).singleElement()
                    .satisfies(address -> assertThat(address.getAddress().isAnyLocalAddress()).isTrue());

            HttpReply overIpv6 = RawHttp.get(ipv6Loopback, server.port(), path(EXAMPLE_COM), "example.com");
            HttpReply overIpv4 = RawHttp.get(InetAddress.getByName("127.0.0.1"), server.port(), path(EXAMPLE_COM), "example.com");

            assertThat(overIpv6.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
            assertThat(overIpv4.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        }
    }

    @Test
    void anIpv6AddressInBracketsListensThereOnly() throws Exception {
        try (ChallengeServer server = ChallengeServer.builder(TestTokens.store()).address("[::1]").port(0).start()) {
            assertThat(server.addresses()).singleElement()
                    .satisfies(address -> assertThat(address.getAddress()).isEqualTo(ipv6Loopback));

            HttpReply reply = RawHttp.get(ipv6Loopback, server.port(), path(EXAMPLE_COM), "example.com:" + server.port());

            assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        }
    }
}
