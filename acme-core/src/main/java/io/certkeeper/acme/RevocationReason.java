package io.certkeeper.acme;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why a certificate is revoked: the reason codes of RFC 5280 §5.3.1 that a subscriber may give
 * when revoking through ACME (RFC 8555 §7.6), the ones certbot offers. The others (CA compromise,
 * certificate hold, …) are for CAs, and CAs such as Let's Encrypt refuse them from subscribers.
 */
public enum RevocationReason {
    /** No reason given (code 0). */
    UNSPECIFIED(org.shredzone.acme4j.RevocationReason.UNSPECIFIED),
    /** The private key was, or may have been, disclosed (code 1). */
    KEY_COMPROMISE(org.shredzone.acme4j.RevocationReason.KEY_COMPROMISE),
    /** The names or the subscriber changed (code 3). */
    AFFILIATION_CHANGED(org.shredzone.acme4j.RevocationReason.AFFILIATION_CHANGED),
    /** A new certificate replaces this one (code 4). */
    SUPERSEDED(org.shredzone.acme4j.RevocationReason.SUPERSEDED),
    /** The names are no longer in use (code 5). */
    CESSATION_OF_OPERATION(org.shredzone.acme4j.RevocationReason.CESSATION_OF_OPERATION);

    private final org.shredzone.acme4j.RevocationReason acme;

    RevocationReason(org.shredzone.acme4j.RevocationReason acme) {
        this.acme = acme;
    }

    /**
     * The reason as certbot's {@code --reason} spells it, for example {@code keycompromise}.
     *
     * @return the lower-case name without separators
     */
    public String label() {
        return name().replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The reason code of RFC 5280 §5.3.1 sent to the CA.
     *
     * @return the code, for example 1 for {@link #KEY_COMPROMISE}
     */
    public int code() {
        return acme.getReasonCode();
    }

    /**
     * Reads a reason as certbot's {@code --reason} takes it; case, hyphens and underscores do
     * not matter ({@code keyCompromise}, {@code key-compromise}).
     *
     * @param text the reason
     * @return the reason
     * @throws IllegalArgumentException if it names none of these reasons; the message lists them
     */
    public static RevocationReason parse(String text) {
        String wanted = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT).strip();
        return Arrays.stream(values()).filter(r -> r.label().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown revocation reason '" + text + "'; use one of "
                        + Arrays.stream(values()).map(RevocationReason::label).collect(Collectors.joining(", "))));
    }

    org.shredzone.acme4j.RevocationReason acme() {
        return acme;
    }
}
