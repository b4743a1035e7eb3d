package io.certkeeper.acme.hook;

import java.nio.file.Path;

/** Hook commands for tests; the scripts they run are written with {@link io.certkeeper.acme.testing.ShellScripts}. */
final class Scripts {

    private Scripts() {
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
