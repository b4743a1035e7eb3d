package io.certkeeper.acme.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccountKeyTest {

    /** The RSA key of RFC 7638 §3.1, whose thumbprint the RFC gives. */
    private static final String RFC_7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    @Test
    void theThumbprintIsRfc7638s() throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(RFC_7638_N)), BigInteger.valueOf(65537)));

        AccountKey described = AccountKey.of(key);

        assertThat(described.thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assertThat(described.type()).isEqualTo("rsa 2048");
    }

    @Test
    void namesTheCurveOfAnEcKeyAndShowsNoKeyMaterial() {
        PublicKey key = KeySpec.EC_P384.generate().getPublic();

        AccountKey described = AccountKey.of(key);

        assertThat(described.type()).isEqualTo("ecdsa P-384");
        assertThat(described.thumbprint()).matches("[A-Za-z0-9_-]{43}");
        assertThat(described.toString()).isEqualTo("ecdsa P-384, thumbprint " + described.thumbprint())
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key.getEncoded()));
    }
}
