package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRevokerTest {

    @TempDir
    Path dir;

    @Test
    void withoutAStoredAccountNothingIsSentAndNoAccountIsRegistered() {
        // Port 1 on loopback: were anything sent, the error would be "connection refused" instead.
        CertificateAuthority ca = CertificateAuthority.of("https://127.0.0.1:1/dir");
        Instant now = Instant.now();
        var certificate = new TestPki("revoke test root").issue(KeySpec.EC_P256.generate(), now, now.plus(Duration.ofDays(1)),
                "revoke.example.test");
        CertificateRevoker revoker = new CertificateRevoker(new AccountService(dir.resolve("accounts")), IssuanceListener.NONE);

        assertThatThrownBy(() -> revoker.revoke(ca, certificate, RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(AccountActionRequiredException.class)
                .hasMessageContaining("No account for https://127.0.0.1:1/dir is stored");
        assertThatThrownBy(() -> revoker.revoke(ca, certificate, RevocationReason.UNSPECIFIED))
                .as("still none: nothing was registered").isInstanceOf(AccountActionRequiredException.class);
    }
}
