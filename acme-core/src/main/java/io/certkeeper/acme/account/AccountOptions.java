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
 */
public record AccountOptions(Optional<String> email, boolean agreeToTermsOfService) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the email address is not of the form {@code user@host.tld}
     */
    public AccountOptions {
        Objects.requireNonNull(email, "email");
        email.ifPresent(address -> {
            if (!EMAIL.matcher(address).matches()) {
                throw new IllegalArgumentException("'" + address + "' is not an email address");
            }
        });
    }
}
