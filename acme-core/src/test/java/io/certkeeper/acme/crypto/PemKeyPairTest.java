package io.certkeeper.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemKeyPairTest {

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void aKeyPairRoundTrips(KeySpec spec) {
        KeyPair pair = spec.generate();
        KeyPair read = Pem.readKeyPair(Pem.encodeKeyPair(pair));
        assertThat(read.getPrivate()).isEqualTo(pair.getPrivate());
        assertThat(read.getPublic()).isEqualTo(pair.getPublic());
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256"})
    void refusesAPrivateKeyAlone(KeySpec spec) {
        String privateOnly = Pem.encodePrivateKey(spec.generate().getPrivate());
        assertThatThrownBy(() -> Pem.readKeyPair(privateOnly)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256"})
    void refusesHalvesOfDifferentPairs(KeySpec spec) {
        String mixed = Pem.encodePrivateKey(spec.generate().getPrivate())
                + Pem.encodeKeyPair(spec.generate()).substring(Pem.encodeKeyPair(spec.generate()).indexOf("-----BEGIN PUBLIC"));
        assertThatThrownBy(() -> Pem.readKeyPair(mixed)).isInstanceOf(IllegalArgumentException.class);
    }
}
