package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.server.ConnectionsPerSource.Source;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Which connections count as one source: an IPv4 address, or an IPv6 /64. */
class ConnectionsPerSourceTest {

    @Test
    void eachIpv4AddressIsASourceOfItsOwn() throws UnknownHostException {
        assertThat(source("192.0.2.1")).isEqualTo(source("192.0.2.1")).isNotEqualTo(source("192.0.2.2"));
        assertThat(source("192.0.2.1")).hasToString("address 192.0.2.1");
        assertThat(source("255.255.255.255")).hasToString("address 255.255.255.255");
    }

    @Test
    void anIpv6HostsWholeSlash64IsOneSource() throws UnknownHostException {
        assertThat(source("2001:db8:0:1::1")).isEqualTo(source("2001:db8:0:1:ffff:ffff:ffff:ffff"));
        assertThat(source("2001:db8:0:1::1")).isNotEqualTo(source("2001:db8:0:2::1"));
        assertThat(source("2001:db8:0:1::1")).hasToString("network 2001:db8:0:1::/64");
        assertThat(source("ffff:ffff:ffff:ffff::")).hasToString("network ffff:ffff:ffff:ffff::/64");
    }

    /** How an IPv4 client of the dual-stack wildcard socket arrives: the JDK unwraps it. */
    @Test
    void anIpv4MappedAddressIsItsIpv4Address() throws UnknownHostException {
        assertThat(source("::ffff:192.0.2.1")).isEqualTo(source("192.0.2.1"));
    }

    @Test
    void ipv4AndIpv6SourcesNeverMeet() throws UnknownHostException {
        assertThat(source("0.0.0.1")).isNotEqualTo(source("::1"));
    }

    @Test
    void aServerIsCrowdedFromAQuarterOfItsConnections() {
        assertThat(ConnectionsPerSource.crowdedAt(1_000)).isEqualTo(250);
        assertThat(ConnectionsPerSource.crowdedAt(64)).isEqualTo(16);
        assertThat(ConnectionsPerSource.crowdedAt(1)).isEqualTo(1);
    }

    private static Source source(String literal) throws UnknownHostException {
        return Source.of(InetAddress.getByName(literal));
    }
}
