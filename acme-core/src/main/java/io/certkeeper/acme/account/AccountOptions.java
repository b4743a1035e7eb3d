package io.certkeeper.acme.account;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a new account is registered with.
 *
 * @param email contact address the CA may write to about expiring certificates and policy changes
 * @param agreeToTermsOfService whether the user has explicitly agreed to the CA's terms of service;
 *        registration with a CA that has terms is refused without it
 * @param externalAccountBinding the key identifier and HMAC key from the CA, for a CA that
 *        requires external account binding (RFC 8555 §7.3.4)
 */
public record AccountOptions(Optional<String> email, boolean agreeToTermsOfService,
        Optional<ExternalAccountBinding> externalAccountBinding) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");

    /**
     * Validates the fields.
     *
     * @param email contact address the CA may write to about expiring certificates and policy changes
     * @param agreeToTermsOfService whether the user has explicitly agreed to the CA's terms of service;
     *        registration with a CA that has terms is refused without it
     * @param externalAccountBinding the key identifier and HMAC key from the CA, for a CA that
     *        requires external account binding (RFC 8555 §7.3.4)
     * @throws IllegalArgumentException if the email address is not of the form {@code user@host.tld}
     */
    public AccountOptions {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(externalAccountBinding, "externalAccountBinding");
        email.ifPresent(AccountOptions::requireEmail);
    }

    /**
     * Options without external account binding.
     *
     * @param email contact address
     * @param agreeToTermsOfService whether the user agreed to the CA's terms of service
     * @throws IllegalArgumentException if the email address is not of the form {@code user@host.tld}
     */
    public AccountOptions(Optional<String> email, boolean agreeToTermsOfService) {
        this(email, agreeToTermsOfService, Optional.empty());
    }

    /** Checks a contact address, for registration and for a contact update alike. */
    static void requireEmail(String address) {
        if (!EMAIL.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + address + "' is not an email address");
        }
    }
}
