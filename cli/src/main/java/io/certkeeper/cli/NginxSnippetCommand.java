package io.certkeeper.cli;

import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.Lineage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper nginx-snippet}: prints the nginx configuration that serves certkeeper's files,
 * to paste into a {@code server} block or to redirect into a file to {@code include}. Standard
 * output gets nginx syntax only; notes go to standard error. Reads nothing but whether the files
 * exist.
 */
@Command(name = "nginx-snippet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Print nginx configuration for certkeeper's files: the location block that serves the challenges of "
                + "--webroot from DIR (-w), and the ssl_certificate lines of a certificate (--cert-name).",
            "Standard output is nginx syntax only, so it can be redirected into a file to include."})
public final class NginxSnippetCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions storeOptions;

    @Option(names = {"-w", "--webroot-path"}, order = 1, paramLabel = "DIR",
            description = "Print the location block for port 80 that serves the challenges certonly --webroot -w DIR writes.")
    private List<Path> webroots = new ArrayList<>();

    @Option(names = "--cert-name", order = 2, paramLabel = "NAME",
            description = "Print the ssl_certificate and ssl_certificate_key lines of this certificate, for port 443.")
    private String certName;

    /**
     * Creates the command.
     *
     * @param environment supplies the default config directory
     */
    public NginxSnippetCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws UntrustedPathException {
        if (webroots.isEmpty() && certName == null) {
            throw usage("say what to print: -w DIR for the challenge location of webroot mode, --cert-name NAME for the"
                    + " ssl_certificate lines, or both");
        }
        if (webroots.size() > 1) {
            throw usage("give one -w: nginx serves /.well-known/acme-challenge/ of a server block from one directory");
        }
        if (certName != null && !Lineage.isValidName(certName)) {
            throw usage("'" + certName + "' is not a certificate name: use 1 to 255 letters, digits, dots, hyphens or"
                    + " underscores, starting with a letter or digit");
        }
        PrintWriter err = spec.commandLine().getErr();
        StringBuilder snippet = new StringBuilder();
        if (!webroots.isEmpty()) {
            Path webroot = webroots.get(0).toAbsolutePath().normalize();
            snippet.append("# Challenges of certkeeper --webroot: in each server block that listens on port 80 for the names.\n")
                    .append(NginxSnippet.challengeLocation(webroot));
            if (!Files.isDirectory(webroot)) {
                err.println("Note: the webroot " + webroot + " does not exist yet; create it before certkeeper writes"
                        + " challenges there.");
            }
        }
        if (certName != null) {
            Path live = storeOptions.directory(environment, err).toAbsolutePath().normalize().resolve("live").resolve(certName);
            if (snippet.length() > 0) {
                snippet.append('\n');
            }
            snippet.append("# Certificate ").append(certName).append(" of certkeeper: in the server block that listens on port 443 (ssl).\n")
                    .append(NginxSnippet.certificateLines(live));
            if (!Files.exists(live.resolve("fullchain.pem")) || !Files.exists(live.resolve("privkey.pem"))) {
                err.println("Note: there is no certificate " + certName + " in " + live.getParent().getParent()
                        + " yet; nginx refuses these lines until one is issued, or a placeholder written (run with"
                        + " placeholder: true).");
            }
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(snippet);
        out.flush();
        return ExitCode.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
