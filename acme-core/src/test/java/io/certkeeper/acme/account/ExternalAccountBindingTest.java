package io.certkeeper.acme.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalAccountBindingTest {

    private static final String KEY = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    @Test
    void acceptsABase64UrlKeyWithOrWithoutPadding() {
        assertThat(new ExternalAccountBinding("kid-1", KEY).hmacKey()).isEqualTo(KEY);
        assertThat(new ExternalAccountBinding("kid-1", "YWJjZA==").keyId()).isEqualTo("kid-1");
        assertThat(new ExternalAccountBinding("kid-1", "YWJjZA").keyId()).isEqualTo("kid-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "YWJj+ZA/", "abcde", "YW Jj", "===="})
    void refusesAKeyThatIsNoBase64UrlWithoutRepeatingIt(String key) {
        assertThatThrownBy(() -> new ExternalAccountBinding("kid-1", key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HMAC key is not base64url")
                .satisfies(e -> {
                    if (!key.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(key);
                    }
                });
    }

    @Test
    void refusesABlankKeyIdentifier() {
        assertThatThrownBy(() -> new ExternalAccountBinding(" ", KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key identifier is empty");
    }

    @Test
    void neverShowsTheHmacKey() {
        ExternalAccountBinding binding = new ExternalAccountBinding("kid-1", KEY);

        assertThat(binding.toString()).contains("kid-1").doesNotContain(KEY);
        assertThat(new AccountOptions(Optional.empty(), true, Optional.of(binding)).toString()).doesNotContain(KEY);
    }
}
