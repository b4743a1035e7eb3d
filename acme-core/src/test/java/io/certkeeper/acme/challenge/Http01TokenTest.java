package io.certkeeper.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.DomainName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Http01TokenTest {

    private static final DomainName DOMAIN = DomainName.of("a.example.test");

    @Test
    void acceptsABase64UrlToken() {
        Http01Token token = new Http01Token(DOMAIN, "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
                "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");
        assertThat(token.token()).isEqualTo("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc/passwd", "a/b", "a.b", "a%2Fb", "a b", "tok=", "tok\n", "..", "a\\b", "tök", "\u0663", "\uff41", "a\u0000"})
    void rejectsTokensOutsideBase64Url(String bad) {
        assertThat(Http01Token.isValidToken(bad)).isFalse();
        assertThatThrownBy(() -> new Http01Token(DOMAIN, bad, bad + ".thumb"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnOverlongToken() {
        assertThat(Http01Token.isValidToken("a".repeat(255))).isTrue();
        assertThat(Http01Token.isValidToken("a".repeat(256))).isFalse();
    }

    @Test
    void rejectsAKeyAuthorizationForAnotherToken() {
        assertThatThrownBy(() -> new Http01Token(DOMAIN, "tokenA", "tokenB.thumb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Http01Token(DOMAIN, "tokenA", "tokenA.thu/mb"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
