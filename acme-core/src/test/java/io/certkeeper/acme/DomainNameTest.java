package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "WWW.Example.COM, www.example.com",
        "example.com., example.com",
        "a-b.c-d.example, a-b.c-d.example",
        "bücher.example, xn--bcher-kva.example",
        "' a.example.test ', a.example.test"
    })
    void normalisesValidNames(String input, String expected) {
        assertThat(DomainName.of(input).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a b", "-x", "x", "", "a..b", "-a.example", "a-.example", "a/b.example",
        "a_b.example", "a.example/../etc", "%2e%2e.example", "a.example:80", "a;rm.example", "*.example.com"})
    void rejectsInvalidNames(String input) {
        assertThatThrownBy(() -> DomainName.of(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(input.isEmpty() ? "empty" : "'" + input + "'");
    }

    @Test
    void explainsWhyAWildcardIsRefused() {
        assertThatThrownBy(() -> DomainName.of("*.example.com")).hasMessageContaining("DNS-01");
    }

    @Test
    void rejectsOverlongLabelsAndNames() {
        String label63 = "a".repeat(63);
        assertThat(DomainName.of(label63 + ".example").value()).startsWith(label63);
        assertThatThrownBy(() -> DomainName.of("a".repeat(64) + ".example")).isInstanceOf(IllegalArgumentException.class);
        String longName = (label63 + ".").repeat(4) + "example";
        assertThatThrownBy(() -> DomainName.of(longName)).hasMessageContaining("253");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*.example.com", "*", "foo*.example.com"})
    void refusesAWildcardAnywhereSayingDns01IsNeeded(String input) {
        assertThatThrownBy(() -> DomainName.of(input)).hasMessageContaining("wildcard").hasMessageContaining("DNS-01");
    }

    @Test
    void saysWhichLabelIsTooLongWithoutEchoingAllOfIt() {
        String label = "a".repeat(300);
        assertThatThrownBy(() -> DomainName.of(label + ".example"))
                .hasMessageContaining("has 300 characters, more than 63")
                .hasMessageNotContaining(label)
                .message().hasSizeLessThan(300);
    }

    @Test
    void escapesControlAndFormattingCharactersInMessages() {
        assertThatThrownBy(() -> DomainName.of("a\u0000b.example"))
                .hasMessageStartingWith("'a\\u0000b.example' is not a valid domain name")
                .hasMessageNotContaining("\u0000");
        assertThatThrownBy(() -> DomainName.of("a\nb.example")).hasMessageContaining("'a\\u000Ab.example'");
        assertThatThrownBy(() -> DomainName.of("a\u202Eexample.com")).hasMessageContaining("'a\\u202Eexample.com'");
        assertThatThrownBy(() -> DomainName.of("\u001B[31mred.example")).hasMessageContaining("'\\u001B[31mred.example'");
    }

    /** A Latin label with a Cyrillic 'а' (U+0430) is valid IDNA, and a classic look-alike. */
    @ParameterizedTest
    @ValueSource(strings = {"p\u0430ypal.com", "xn--pypal-4ve.com", "www.p\u0430ypal.com", "g\u03BFogle.com"})
    void refusesLabelsThatMixScripts(String input) {
        assertThatThrownBy(() -> DomainName.of(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixes the scripts")
                .hasMessageContaining("xn--");
    }

    @Test
    void namesTheScriptsAndThePunycodeOfAMixedLabel() {
        assertThatThrownBy(() -> DomainName.of("p\u0430ypal.com"))
                .hasMessage("'p\u0430ypal.com' is not a valid domain name: the label 'p\u0430ypal' (xn--pypal-4ve) mixes "
                        + "the scripts Latin and Cyrillic, as names made to look like other names do; write each label in one script");
    }

    @ParameterizedTest
    @CsvSource({
        "\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444, xn--e1afmkfd.xn--p1ai",
        "\u65E5\u672C\u8A9E\u30C9\u30E1\u30A4\u30F3.jp, xn--eckwd4c7c5976acvb2w6i.jp",
        "shop-\u65E5\u672C.example, xn--shop--6e1k07e.example",
        "caf\u00E9-2.example, xn--caf-2-dsa.example"
    })
    void acceptsOneScriptPerLabelAndTheCombinationsUnicodeAllows(String input, String expected) {
        assertThat(DomainName.of(input).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "' 192.0.2.10 ', 192.0.2.10",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::1, ::1",
        "0:0:0:0:0:0:0:1, ::1",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "::, ::",
        "fe80::, fe80::",
    })
    void keepsIpAddressesInTheFormRfc8738Asks(String input, String expected) {
        DomainName name = DomainName.of(input);

        assertThat(name.value()).isEqualTo(expected);
        assertThat(name.isIpAddress()).isTrue();
    }

    @Test
    void aDnsNameIsNoIpAddress() {
        assertThat(DomainName.of("example.com").isIpAddress()).isFalse();
        assertThat(DomainName.of("1.example").isIpAddress()).isFalse();
        assertThat(DomainName.of("a1b2.c3d4").isIpAddress()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "256.0.0.1", "127.0.0.01", "1.2.3.4.5", "1.2.3.4.", "1:2:3:4:5:6:7:8:9", "1:::2",
        "12345::1", "::ffff:127.0.0.1", "fe80::1%eth0", "fe80::1%25"})
    void refusesMalformedAddressesWithoutGuessing(String input) {
        assertThatThrownBy(() -> DomainName.of(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + input + "'")
                .hasMessageContaining("address");
    }

    @Test
    void saysHowToWriteAMappedAddressAndWhatToDropFromAScopedOne() {
        assertThatThrownBy(() -> DomainName.of("::ffff:192.0.2.1")).hasMessageContaining("write it as 192.0.2.1");
        assertThatThrownBy(() -> DomainName.of("fe80::1%eth0")).hasMessageContaining("zone id (%eth0)");
    }

    @Test
    void aNameWithAPortIsANameWithABadCharacterNotABadAddress() {
        assertThatThrownBy(() -> DomainName.of("example.com:80"))
                .hasMessageContaining("not a valid domain name")
                .hasMessageNotContaining("IPv6");
    }

    @Test
    void readsAnAddressFromACertificateEntry() throws Exception {
        assertThat(DomainName.of(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo(DomainName.of("::1"));
        assertThat(DomainName.of(InetAddress.getByName("192.0.2.10")).value()).isEqualTo("192.0.2.10");
    }
}
