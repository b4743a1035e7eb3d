package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.FileTrust;
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

    @Option(names = "--insecure", order = 43, description = "Accept a CA directory URL that is plain http:// to a host that is not loopback (localhost, 127.0.0.0/8, ::1): the network could read and change the exchange with the CA. Only for a private CA without HTTPS.")
    private boolean insecure;

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
        CertificateAuthority ca;
        try {
            ca = PlainHttp.allowedBy(CertificateAuthority.of(chosen), insecure, "--insecure");
        } catch (IllegalArgumentException e) {
            throw usage(server != null ? "--server " + e.getMessage() : e.getMessage());
        }
        if (caBundle == null) {
            return ca;
        }
        Path bundle = caBundle.toAbsolutePath();
        requireTrusted(bundle, "--ca-bundle");
        return ca.withCaBundle(bundle);
    }

    /**
     * The CA a lineage was obtained from, as stored in its settings, checked as the options' own:
     * a plain-HTTP directory needs {@code --insecure} unless it was obtained with it, and the CA
     * bundle must be one only root or the user can change.
     *
     * @param stored the stored CA
     * @param whose what the CA belongs to, such as {@code certificate example.com}
     * @return the CA to use
     * @throws ParameterException if it is refused; the message says why and what to do
     */
    CertificateAuthority stored(CertificateAuthority stored, String whose) {
        CertificateAuthority ca;
        try {
            ca = PlainHttp.allowedBy(stored, insecure, "--insecure");
        } catch (IllegalArgumentException e) {
            throw usage("the CA of " + whose + ", " + e.getMessage());
        }
        ca.caBundle().ifPresent(bundle -> requireTrusted(bundle, "the CA bundle of " + whose));
        return ca;
    }

    private void requireTrusted(Path bundle, String what) {
        // The bundle decides whom certkeeper believes to be the CA: only root or the user may change it.
        try {
            FileTrust.require(bundle, what);
        } catch (UntrustedPathException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
