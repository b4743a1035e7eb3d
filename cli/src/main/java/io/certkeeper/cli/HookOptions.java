package io.certkeeper.cli;

import io.certkeeper.acme.hook.HookCommand;
import io.certkeeper.acme.renewal.LineageHooks;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The hook options of {@code certonly} and {@code renew}, named and behaving as certbot's. */
final class HookOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--pre-hook", order = 60, paramLabel = "CMD", description = "Run before the first certificate is ordered (only if one is), for example to stop a server holding port 80.")
    private String preHook;

    @Option(names = "--post-hook", order = 61, paramLabel = "CMD", description = "Run once after the orders of this run, whether they succeeded or not.")
    private String postHook;

    @Option(names = "--deploy-hook", order = 62, paramLabel = "CMD", description = "Run after each certificate issued or renewed, with RENEWED_LINEAGE (its live/ directory) and RENEWED_DOMAINS (its names).")
    private String deployHook;

    @Option(names = "--run-deploy-hooks", order = 63, description = "With --dry-run, run the deploy hooks too (against the certificates in place).")
    private boolean runDeployHooks;

    /**
     * The hooks given on the command line; they replace a lineage's stored ones and are stored
     * with it.
     *
     * @return the hooks, empty where none was given
     * @throws ParameterException if a command is blank or holds a NUL
     */
    LineageHooks hooks() {
        return new LineageHooks(checked("--pre-hook", preHook), checked("--post-hook", postHook), checked("--deploy-hook", deployHook));
    }

    /**
     * Whether deploy hooks run in a dry run.
     *
     * @return {@code true} with {@code --run-deploy-hooks}
     */
    boolean runDeployHooks() {
        return runDeployHooks;
    }

    private Optional<String> checked(String option, String command) {
        if (command == null) {
            return Optional.empty();
        }
        try {
            HookCommand.of(command);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
        return Optional.of(command);
    }
}
