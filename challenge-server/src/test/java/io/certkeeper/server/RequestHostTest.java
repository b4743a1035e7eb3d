package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHostTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "Example.COM, example.com",
        "example.com:80, example.com",
        "example.com:, example.com",
        "example.com., example.com",
        "example.com.:8080, example.com",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "localhost, localhost",
        "192.0.2.1:80, 192.0.2.1",
        "[::1], ::1",
        "[2001:DB8::1]:8080, 2001:db8::1",
        "[::ffff:192.0.2.1], ::ffff:192.0.2.1",
        "127.0.0.1:5002, 127.0.0.1",
        "[::1]:5002, ::1",
        "[0:0:0:0:0:0:0:1]:5002, ::1",
        "[2001:0DB8:0:0::0001], 2001:db8::1",
    })
    void normalisesAHostHeader(String header, String host) {
        assertThat(RequestHost.parse(header)).contains(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", ":80", "example..com", ".example.com", "example.com..", "exa mple.com",
        "example.com:http", "example.com:80:80", "example.com:123456", "user@example.com", "example.com/x",
        "::1", "[::1", "[::1]x", "[::1]:x", "[example.com]", "[fe80::1%25eth0]", "bücher.example", "example.com\u0000"})
    void refusesWhatIsNotAnAuthority(String header) {
        assertThat(RequestHost.parse(header)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "http://example.com/.well-known/acme-challenge/x, example.com",
        "http://EXAMPLE.com:80/.well-known/acme-challenge/x, example.com",
        "http://[::1]:5002/.well-known/acme-challenge/x, ::1",
        "http://example.com, example.com",
        "http://example.com?x, example.com",
    })
    void readsTheHostOfAnAbsoluteTarget(String target, String host) {
        assertThat(RequestHost.parseAbsoluteTarget(target)).contains(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/acme-challenge/x", "http://user@example.com/x", "http:///x", "http://exa mple.com/x"})
    void refusesAnAbsoluteTargetWithoutAPlainHost(String target) {
        assertThat(RequestHost.parseAbsoluteTarget(target)).isEmpty();
    }
}
