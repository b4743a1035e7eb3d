package io.certkeeper.acme.hook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small shell scripts for hook tests. */
final class Scripts {

    private Scripts() {
    }

    /**
     * Writes an executable {@code /bin/sh} script.
     *
     * @param dir where
     * @param name its file name
     * @param lines its lines after the {@code #!} line
     * @return the script's path
     */
    static Path write(Path dir, String name, String... lines) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /**
     * The command that runs a script, without a shell.
     *
     * @param script the script
     * @return the command
     */
    static HookCommand command(Path script) {
        return HookCommand.of(script.toString());
    }
}
