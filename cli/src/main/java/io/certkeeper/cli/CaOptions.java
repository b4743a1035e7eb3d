package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that choose the CA, shared by every command that talks to one. */
final class CaOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--server", order = 40, paramLabel = "URL|PRESET", description = "ACME directory URL, or a preset such as letsencrypt (default) or letsencrypt-staging; an unknown name lists every preset.")
    private String server;

    @Option(names = "--staging", order = 41, description = "Use Let's Encrypt's staging CA (untrusted test certificates).")
    private boolean staging;

    @Option(names = "--ca-bundle", order = 42, paramLabel = "FILE", description = "PEM roots to trust for the connection to the CA only (private CAs, test servers).")
    private Path caBundle;

    /**
     * Whether the user chose a CA on the command line.
     *
     * @return {@code true} if {@code --server}, {@code --staging} or {@code --ca-bundle} was given
     */
    boolean given() {
        return server != null || staging || caBundle != null;
    }

    /**
     * The CA the options name; Let's Encrypt when none is given.
     *
     * @return the CA
     * @throws ParameterException if the options contradict each other or name no CA
     */
    CertificateAuthority ca() {
        if (staging && server != null) {
            throw usage("--staging and --server cannot be combined; --staging means --server letsencrypt-staging");
        }
        String chosen = staging ? "letsencrypt-staging" : server == null ? "letsencrypt" : server;
        try {
            CertificateAuthority ca = CertificateAuthority.of(chosen);
            return caBundle == null ? ca : ca.withCaBundle(caBundle.toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
