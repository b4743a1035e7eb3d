package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.error.StoreBusyException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

    @Test
    void aStoreLockedByAnotherRunIsTemporaryWhileOtherStoreFailuresAreIo() {
        Path lock = Path.of("/etc/certkeeper/.certkeeper.lock");

        assertThat(ExitCode.of(new StoreBusyException("locked by another process (PID 7)", lock, null)))
                .isEqualTo(ExitCode.TEMPORARY);
        assertThat(ExitCode.of(new StoreIOException("No space left on device", lock, new IOException("ENOSPC"))))
                .isEqualTo(ExitCode.IO);
    }

    @Test
    void aDirectoryOthersMayChangeIsBadInputListedInHelp() {
        Path dir = Path.of("/etc/certkeeper");

        assertThat(ExitCode.of(new UntrustedPathException("Refusing the config directory " + dir + ": " + dir
                + " is writable by its group (rwxrwxr-x); run chmod g-w " + dir, dir))).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.descriptions()).containsEntry("2",
                "bad input (unknown flag, invalid name, missing choice, a file or directory others may change)");
    }

    @Test
    void theWorseOfTwoCodesFollowsTheDocumentedOrder() {
        assertThat(ExitCode.worse(ExitCode.OK, ExitCode.TEMPORARY)).isEqualTo(ExitCode.TEMPORARY);
        assertThat(ExitCode.worse(ExitCode.TEMPORARY, ExitCode.VALIDATION)).isEqualTo(ExitCode.VALIDATION);
        assertThat(ExitCode.worse(ExitCode.FAILURE, ExitCode.VALIDATION)).isEqualTo(ExitCode.FAILURE);
        assertThat(ExitCode.worse(ExitCode.IO, ExitCode.FAILURE)).isEqualTo(ExitCode.IO);
        assertThat(ExitCode.worse(ExitCode.IO, ExitCode.USAGE)).isEqualTo(ExitCode.USAGE);
    }
}
