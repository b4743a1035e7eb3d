package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
