package io.certkeeper.cli;

import io.certkeeper.acme.account.ExternalAccountBinding;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The external account binding options (RFC 8555 §7.3.4), shared by the commands that may
 * register an account: CAs such as ZeroSSL, Google and SSL.com issue a key identifier and an HMAC
 * key to bind the new ACME account to the customer account.
 */
final class EabOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--eab-kid", order = 50, paramLabel = "KID", description = "Key identifier of the external account binding your CA issued, for CAs that require one (with --eab-hmac-key).")
    private String keyId;

    @Option(names = "--eab-hmac-key", order = 51, paramLabel = "KEY", description = "HMAC key of that binding, base64url as the CA shows it.")
    private String hmacKey;

    /**
     * The binding the options give.
     *
     * @return the binding, or empty if neither option was given
     * @throws ParameterException if only one of the two was given, or the HMAC key is not base64url
     */
    Optional<ExternalAccountBinding> binding() {
        if (keyId == null && hmacKey == null) {
            return Optional.empty();
        }
        if (keyId == null || hmacKey == null) {
            throw new ParameterException(spec.commandLine(),
                    "--eab-kid and --eab-hmac-key go together; pass both, as your CA issued them");
        }
        try {
            return Optional.of(new ExternalAccountBinding(keyId, hmacKey));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
