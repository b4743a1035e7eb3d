package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA that rejects 30% of nonces: every request must be retried transparently. */
@RequiresPebble
class NonceRejectionIT {

    @TempDir
    Path home;

    @Test
    void issuesDespiteRejectedNonces() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).nonceRejectPercent(30).start()) {
            for (int i = 1; i <= 3; i++) {
                Path configDir = home.resolve("run" + i);
                CliRun run = CliRun.run(home, CliArgs.certonly(pebble, configDir).standalone(pebble)
                        .domains("n" + i + ".nonce.test", "m" + i + ".nonce.test"));

                assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
                IssuedFiles.of(configDir, "n" + i + ".nonce.test").assertComplete(pebble.issuingRoot());
            }
            assertThat(java.nio.file.Files.readString(pebble.pebbleLog())).as("the CA really rejects nonces").contains("reject 30% of good nonces");
        }
    }
}
