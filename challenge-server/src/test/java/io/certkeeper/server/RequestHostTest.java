package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHostTest {

    /** The grammar RequestHost checks by hand, written as regular expressions. */
    private static final Pattern REG_NAME_AUTHORITY = Pattern.compile("([a-z0-9_-]+(\\.[a-z0-9_-]+)*)\\.?(:[0-9]{0,5})?");
    private static final Pattern IPV6_AUTHORITY = Pattern.compile("\\[[0-9a-f]*:[0-9a-f:.]*](:[0-9]{0,5})?");
    /** Characters of host names, ports and IPv6 literals, and some that none of them may hold. */
    private static final String ALPHABET = "ab09Z._-:[]@/ \t\u00e9\u00c9f";

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

    @Test
    void agreesWithTheGrammarAsRegularExpressions() {
        Random random = new Random(8555);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder candidate = new StringBuilder();
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) {
                candidate.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String header = candidate.toString();
            String value = header.strip().toLowerCase(Locale.ROOT);
            Matcher name = REG_NAME_AUTHORITY.matcher(value);
            if (IPV6_AUTHORITY.matcher(value).matches()) {
                // Its canonical form is DomainName's business, tested with normalisesAHostHeader.
                assertThat(RequestHost.parse(header)).as("Host: %s", Printable.of(header)).hasValueSatisfying(
                        host -> assertThat(host).contains(":"));
            } else if (name.matches() && name.group(1).length() <= 253) {
                assertThat(RequestHost.parse(header)).as("Host: %s", Printable.of(header)).contains(name.group(1));
            } else {
                assertThat(RequestHost.parse(header)).as("Host: %s", Printable.of(header)).isEmpty();
            }
        }
    }

    @Test
    void refusesAnOverlongName() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "a".repeat(61));
        assertThat(name).hasSize(253);
        assertThat(RequestHost.parse(name + ".:80")).contains(name);
        assertThat(RequestHost.parse("a" + name)).isEmpty();
    }
}
