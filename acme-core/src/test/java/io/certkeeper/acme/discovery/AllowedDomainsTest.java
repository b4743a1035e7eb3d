package io.certkeeper.acme.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.DomainName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedDomainsTest {

    private static final AllowedDomains ALLOWED = AllowedDomains.of("example.com", "*.example.com", "*.b.example.org",
            "192.0.2.7");

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "www.example.com", "API.Example.COM.", "x.b.example.org", "192.0.2.7"})
    void aNameListedOrOneLabelUnderAWildcardIsAllowed(String name) {
        assertThat(ALLOWED.allows(DomainName.of(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.example.com", "b.example.org", "example.org", "evil.test", "example.com.evil.test",
        "notexample.com", "xexample.com", "192.0.2.8", "2001:db8::1"})
    void anyOtherNameIsNot(String name) {
        assertThat(ALLOWED.allows(DomainName.of(name))).isFalse();
    }

    @Test
    void nothingIsAllowedByDefault() {
        assertThat(AllowedDomains.NONE.isEmpty()).isTrue();
        assertThat(AllowedDomains.NONE.allows(DomainName.of("example.com"))).isFalse();
        assertThat(DiscoveryRules.NONE.allowedDomains()).isEqualTo(AllowedDomains.NONE);
        assertThat(DiscoveryRules.NONE.mergeNames()).isFalse();
    }

    @Test
    void entriesAreNormalisedAndDuplicatesDropped() {
        assertThat(AllowedDomains.of(" *.Example.COM. ", "*.example.com", "WWW.example.com").entries())
                .containsExactly("*.example.com", "www.example.com");
    }

    @Test
    void aWildcardForEverythingOrATopLevelDomainIsRefused() {
        assertThatThrownBy(() -> AllowedDomains.of("*")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed domain '*' is not a name or *.NAME: a wildcard stands only as the first label, "
                        + "such as *.example.com");
        assertThatThrownBy(() -> AllowedDomains.of("*.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed domain '*.com' would allow every name under a top-level domain; write the domain "
                        + "you own, such as *.example.com");
        for (String entry : new String[] {"*.*.example.com", "a*.example.com", "www.*.example.com", "*example.com",
            "*.192.0.2.1"}) {
            assertThatThrownBy(() -> AllowedDomains.of(entry)).as(entry).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AllowedDomains.of("*.exa mple.com")).hasMessageStartingWith("allowed domain '*.exa mple.com': ");
    }
}
