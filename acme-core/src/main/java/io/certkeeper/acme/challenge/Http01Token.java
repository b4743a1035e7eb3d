package io.certkeeper.acme.challenge;

import io.certkeeper.acme.DomainName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HTTP-01 challenge to publish: the CA will fetch
 * {@code http://<domain>/.well-known/acme-challenge/<token>} and expect the key authorization
 * (RFC 8555 §8.3).
 *
 * <p>The token and key authorization are checked against the base64url alphabet, so neither can
 * carry a path separator, a dot-dot or anything else a file name or URL could be abused with.
 *
 * @param domain the name being validated
 * @param token the CA's token, base64url without padding
 * @param keyAuthorization {@code token + "." + base64url(thumbprint of the account key)}
 */
public record Http01Token(DomainName domain, String token, String keyAuthorization) {

    /** The path prefix under which the CA fetches tokens. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private static final int MAX_TOKEN_LENGTH = 255;
    private static final Pattern KEY_AUTHORIZATION = Pattern.compile("[A-Za-z0-9_-]{1,255}\\.[A-Za-z0-9_-]{1,255}");

    /**
     * Validates the fields.
     *
     * @param domain the name being validated
     * @param token the CA's token, base64url without padding
     * @param keyAuthorization {@code token + "." + base64url(thumbprint of the account key)}
     * @throws IllegalArgumentException if the token is not base64url or the key authorization does
     *         not start with the token
     */
    public Http01Token {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyAuthorization, "keyAuthorization");
        if (!isValidToken(token)) {
            throw new IllegalArgumentException("challenge token is not base64url: " + abbreviate(token));
        }
        if (!KEY_AUTHORIZATION.matcher(keyAuthorization).matches() || !keyAuthorization.startsWith(token + ".")) {
            throw new IllegalArgumentException("key authorization does not match token " + token);
        }
    }

    /**
     * Whether a string could be a challenge token: 1 to 255 characters of the base64url alphabet
     * (255 so that a token is always a valid file name for the webroot store; CAs use 43).
     * Responders use this to reject a request path before looking anything up.
     *
     * @param token the candidate
     * @return {@code true} if it is a syntactically valid token
     */
    public static boolean isValidToken(String token) {
        // A loop, not a regular expression: a responder checks the token of every request it gets,
        // and a matcher would be allocated for each.
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64url = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
