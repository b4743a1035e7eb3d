package io.certkeeper.acme.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small shell scripts for tests of hooks: the programs certkeeper runs as a user would. */
public final class ShellScripts {

    private ShellScripts() {
    }

    /**
     * Writes an executable {@code /bin/sh} script (mode 0755).
     *
     * @param dir the directory to write it in
     * @param name its file name
     * @param lines its lines after the {@code #!} line
     * @return the script's path
     * @throws IOException if it cannot be written
     */
    public static Path write(Path dir, String name, String... lines) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
