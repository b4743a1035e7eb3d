package io.certkeeper.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeySpecTest {

    @ParameterizedTest
    @EnumSource(KeySpec.class)
    void aGeneratedKeyMatchesItsOwnSpecOnly(KeySpec spec) {
        PublicKey key = spec.generate().getPublic();

        for (KeySpec other : KeySpec.values()) {
            assertThat(other.matches(key)).as(other + " matches a " + spec + " key").isEqualTo(other == spec);
        }
        assertThat(KeySpec.describe(key)).isEqualTo(spec.describe());
    }

    @Test
    void anotherCurveOfTheSameSizeIsNotP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        PublicKey key = generator.generateKeyPair().getPublic();

        assertThat(KeySpec.EC_P256.matches(key)).isFalse();
        assertThat(KeySpec.describe(key)).isEqualTo("ec key");
    }
}
