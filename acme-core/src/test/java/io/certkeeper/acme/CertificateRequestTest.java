package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.Lineage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateRequestTest {

    private static final List<DomainName> NAMES = List.of(DomainName.of("a.example.test"), DomainName.of("192.0.2.10"));

    @Test
    void theShortFormsOrderWithTheCasDefaultsAndANewKey() {
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.EC_P256);

        assertThat(request.name()).isEqualTo("a.example.test");
        assertThat(request.profile()).isEmpty();
        assertThat(request.preferredChain()).isEmpty();
        assertThat(request.reuseKey()).isFalse();
        assertThat(new CertificateRequest("x", NAMES, KeySpec.EC_P256)).isEqualTo(
                new CertificateRequest("x", NAMES, KeySpec.EC_P256, Optional.empty(), Optional.empty(), false));
    }

    @Test
    void theWithMethodsChangeOneOptionAndKeepTheRest() {
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.RSA_3072)
                .withProfile(Optional.of("shortlived"))
                .withPreferredChain(Optional.of("ISRG Root X2"))
                .withReuseKey(true);

        assertThat(request).isEqualTo(new CertificateRequest("a.example.test", NAMES, KeySpec.RSA_3072,
                Optional.of("shortlived"), Optional.of("ISRG Root X2"), true));
        assertThat(request.withProfile(Optional.empty()).preferredChain()).contains("ISRG Root X2");
    }

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "192.0.2.10, 192.0.2.10",
        "2001:db8::1, 2001-db8--1",
        "::1, 0--1",
        "fe80::, fe80--",
        "1:2:3:4:5:6:7:8, 1-2-3-4-5-6-7-8",
    })
    void namesALineageAfterItsFirstNameWithoutColons(String first, String name) {
        DomainName domain = DomainName.of(first);

        assertThat(CertificateRequest.defaultName(domain)).isEqualTo(name);
        assertThat(Lineage.isValidName(name)).isTrue();
        assertThat(CertificateRequest.forDomains(List.of(domain), KeySpec.EC_P256).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a\nb", "a\u0000"})
    void refusesAnEmptyOrUnprintableProfileOrChain(String value) {
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.EC_P256);

        assertThatThrownBy(() -> request.withProfile(Optional.of(value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile");
        assertThatThrownBy(() -> request.withPreferredChain(Optional.of(value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preferred chain");
    }

    @Test
    void refusesTheSameAddressWrittenTwoWays() {
        assertThatThrownBy(() -> CertificateRequest.forDomains(List.of(DomainName.of("::1"), DomainName.of("0:0::1")),
                KeySpec.EC_P256)).hasMessageContaining("twice");
    }
}
