package io.certkeeper.cli;

import io.certkeeper.acme.account.ExternalAccountBinding;
import io.certkeeper.acme.error.StoreIOException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The external account binding options (RFC 8555 §7.3.4), shared by the commands that may
 * register an account: CAs such as ZeroSSL, Google and SSL.com issue a key identifier and an HMAC
 * key to bind the new ACME account to the customer account.
 *
 * <p>The HMAC key is a secret. On the command line every local user sees it in {@code ps}, so it
 * can also come from a file or from {@link #ENVIRONMENT_VARIABLE}; the command-line form still
 * works, with a warning. The key is never printed, not even in an error.
 */
final class EabOptions {

    /** The environment variable that may hold the HMAC key. */
    static final String ENVIRONMENT_VARIABLE = "CERTKEEPER_EAB_HMAC_KEY";

    /** Larger than any HMAC key a CA issues; a larger file is not the key. */
    private static final int MAX_KEY_FILE_BYTES = 4096;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--eab-kid", order = 50, paramLabel = "KID", description = "Key identifier of the external account binding your CA issued, for CAs that require one (with the HMAC key from --eab-hmac-key-file, CERTKEEPER_EAB_HMAC_KEY or --eab-hmac-key).")
    private String keyId;

    @Option(names = "--eab-hmac-key-file", order = 51, paramLabel = "FILE", description = "File holding the HMAC key of that binding, base64url as the CA shows it; surrounding white space is ignored. Or set the environment variable CERTKEEPER_EAB_HMAC_KEY.")
    private Path hmacKeyFile;

    @Option(names = "--eab-hmac-key", order = 52, paramLabel = "KEY", description = "The HMAC key itself; every local user can read it in ps, so prefer --eab-hmac-key-file or CERTKEEPER_EAB_HMAC_KEY.")
    private String hmacKey;

    /**
     * The binding the options give. The environment variable counts only with {@code --eab-kid}: it
     * may be set for a service whose other commands register no account.
     *
     * @param env the process environment, for {@link #ENVIRONMENT_VARIABLE}
     * @return the binding, or empty if neither the key identifier nor a key option was given
     * @throws ParameterException if only one of the identifier and the key was given, the key was
     *         given more than one way, the key file cannot be read or is empty, or the HMAC key is
     *         not base64url
     */
    Optional<ExternalAccountBinding> binding(Map<String, String> env) {
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> fromEnvironment = Optional.ofNullable(env.get(ENVIRONMENT_VARIABLE)).filter(v -> !v.isBlank());
        if (keyId == null && hmacKey == null && hmacKeyFile == null) {
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>();
        if (hmacKeyFile != null) {
            sources.add("--eab-hmac-key-file");
        }
        if (fromEnvironment.isPresent()) {
            sources.add(ENVIRONMENT_VARIABLE);
        }
        if (hmacKey != null) {
            sources.add("--eab-hmac-key");
        }
        if (sources.size() > 1) {
            throw usage("the HMAC key comes from " + String.join(" and ", sources) + "; give it one way only");
        }
        if (keyId == null || sources.isEmpty()) {
            throw usage("--eab-kid and the HMAC key (--eab-hmac-key-file, " + ENVIRONMENT_VARIABLE
                    + " or --eab-hmac-key) go together; pass both, as your CA issued them");
        }
        String key;
        if (hmacKey != null) {
            err.println("WARNING: --eab-hmac-key shows the key to every local user (ps, /proc); pass --eab-hmac-key-file FILE"
                    + " or set " + ENVIRONMENT_VARIABLE + " instead.");
            err.flush();
            key = hmacKey;
        } else if (hmacKeyFile != null) {
            key = readKeyFile(err);
        } else {
            key = fromEnvironment.get();
        }
        try {
            return Optional.of(new ExternalAccountBinding(keyId, key.strip()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private String readKeyFile(PrintWriter err) {
        String key;
        try {
            if (Files.size(hmacKeyFile) > MAX_KEY_FILE_BYTES) {
                throw usage("--eab-hmac-key-file " + hmacKeyFile + " is larger than 4 KiB; is it the HMAC key file?");
            }
            key = Files.readString(hmacKeyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw usage("cannot read --eab-hmac-key-file " + hmacKeyFile + ": " + StoreIOException.reason(e));
        }
        if (key.isEmpty()) {
            throw usage("--eab-hmac-key-file " + hmacKeyFile + " is empty; put the HMAC key your CA issued in it");
        }
        // Warned, not refused: secrets mounted by container runtimes are often readable by all (0444).
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(hmacKeyFile);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                boolean group = mode.contains(PosixFilePermission.GROUP_READ);
                boolean others = mode.contains(PosixFilePermission.OTHERS_READ);
                err.println("WARNING: the HMAC key file " + hmacKeyFile + " is readable by " + (group && others ? "group and others"
                        : group ? "its group" : "others") + " (" + PosixFilePermissions.toString(mode) + "); run chmod "
                        + (group && others ? "go-r" : group ? "g-r" : "o-r") + " " + hmacKeyFile);
                err.flush();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX modes to judge; the key was read all the same
        }
        return key;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
