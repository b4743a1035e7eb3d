package io.certkeeper.acme.error;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/**
 * Translates acme4j's errors into certkeeper's, in this one place, so that every message has the same
 * shape: what we were doing, what the CA said, and what the user can do.
 *
 * <p>Public only so that certkeeper's own packages can share it; applications catch
 * {@link CertkeeperException} and its subtypes instead.
 */
public final class AcmeErrors {

    private static final String ACME_ERROR = "urn:ietf:params:acme:error:";

    /** Problem types that mean "this order cannot succeed as asked". */
    private static final Set<String> ORDER_PROBLEMS = Set.of("rejectedIdentifier", "unsupportedIdentifier", "caa",
            "badCSR", "malformed", "orderNotReady", "badSignatureAlgorithm", "badPublicKey", "invalidProfile");

    /** Problem types that are the CA's trouble, not ours: worth retrying later. */
    private static final Set<String> TEMPORARY_PROBLEMS = Set.of("serverInternal", "badNonce");

    /**
     * How often a request the CA refused for a bad nonce is sent again, on top of acme4j's own ten
     * tries: a CA that rejects half of all nonces would otherwise fail about one request in a
     * thousand.
     */
    private static final int BAD_NONCE_ROUNDS = 4;

    private AcmeErrors() {
    }

    /**
     * Makes a call into acme4j, sends it again while the CA refuses it for a bad nonce (it was
     * then not processed, so sending it again is safe), and translates any other error.
     *
     * @param action what the call does, for the message, e.g. "creating the order"
     * @param call the call
     * @param <T> what it returns
     * @return its result
     * @throws CertkeeperException the translated error
     */
    public static <T> T call(String action, AcmeCall<T> call) throws CertkeeperException {
        for (int round = 1;; round++) {
            try {
                return call.run();
            } catch (AcmeServerException e) {
                if (round >= BAD_NONCE_ROUNDS || !isBadNonce(e)) {
                    throw translate(e, action);
                }
            } catch (AcmeLazyLoadingException e) {
                // A getter that fetched the resource on first use met the same refused nonce.
                if (round >= BAD_NONCE_ROUNDS || !(e.getCause() instanceof AcmeServerException server && isBadNonce(server))) {
                    throw translate(e, action);
                }
            } catch (AcmeException | RuntimeException e) {
                throw translate(e, action);
            }
        }
    }

    private static boolean isBadNonce(AcmeServerException e) {
        return e.getType() != null && e.getType().toString().equals(ACME_ERROR + "badNonce");
    }

    /**
     * Translates an error from acme4j.
     *
     * @param error an {@code AcmeException} or a runtime exception thrown by acme4j (such as
     *        {@code AcmeProtocolException})
     * @param action what certkeeper was doing, for example "creating the order for a.example.com"
     * @return the certkeeper exception to throw
     */
    public static CertkeeperException translate(Exception error, String action) {
        if (error instanceof AcmeLazyLoadingException lazy && lazy.getCause() instanceof AcmeException cause) {
            return translate(cause, action);
        }
        if (error instanceof AcmeRateLimitedException limited) {
            Optional<Instant> retryAfter = limited.getRetryAfter();
            return new RateLimitedException("The CA rate-limited " + action + ": " + describe(limited.getProblem())
                    + retryAfter.map(at -> ". Try again after " + at).orElse(". Try again later"), retryAfter.orElse(null));
        }
        if (error instanceof AcmeUserActionRequiredException action2) {
            URI page = action2.getTermsOfServiceUri().orElse(null);
            return new AccountActionRequiredException("The CA needs action on the account while " + action + ": "
                    + describe(action2.getProblem()) + (page == null ? "" : " (see " + page + ")"), page);
        }
        if (error instanceof AcmeServerException server) {
            CaProblem problem = toProblem(server.getProblem());
            String type = problem.shortType();
            String message = "The CA refused " + action + ": " + describe(server.getProblem());
            if (ORDER_PROBLEMS.contains(type)) {
                return new OrderFailedException(message, problem);
            }
            if (TEMPORARY_PROBLEMS.contains(type)) {
                return new CaUnreachableException(message + ". Try again later", server);
            }
            if (type.equals("externalAccountRequired")) {
                return new ExternalAccountBindingException(message
                        + ". This CA requires an external account binding: pass the key identifier and HMAC key it issued");
            }
            if (type.equals("userActionRequired")
                    || type.equals("accountDoesNotExist") || type.equals("unauthorized")) {
                return new AccountActionRequiredException(message, null);
            }
            return new CertkeeperException(message, server);
        }
        // acme4j wraps most I/O failures as AcmeNetworkException, but a connection the CA closed while
        // its answer was read arrives as a plain AcmeException caused by an IOException: the same
        // temporary condition.
        Throwable io = error instanceof AcmeNetworkException ? error.getCause() : ioCause(error);
        if (io != null) {
            return new CaUnreachableException("Cannot reach the CA while " + action + ": " + networkCause(io)
                    + ". Check the CA's directory URL (--server, or ca: in the certificates file) and the network, then try again",
                    error);
        }
        return new CertkeeperException("Unexpected answer from the CA while " + action + ": " + error.getMessage(), error);
    }

    /**
     * Converts an acme4j problem document.
     *
     * @param problem the problem
     * @return certkeeper's value
     */
    public static CaProblem toProblem(Problem problem) {
        String type = problem.getType() == null ? ACME_ERROR + "unknown" : problem.getType().toString();
        return new CaProblem(type, detailWithSubproblems(problem),
                problem.getIdentifier().map(Identifier::getValue));
    }

    private static String describe(Problem problem) {
        return toProblem(problem).toString();
    }

    private static String detailWithSubproblems(Problem problem) {
        String detail = problem.getDetail().or(problem::getTitle).orElse("");
        if (problem.getSubProblems().isEmpty()) {
            return detail;
        }
        return detail + " [" + problem.getSubProblems().stream()
                .map(sub -> sub.getIdentifier().map(id -> id.getValue() + ": ").orElse("")
                        + sub.getDetail().orElse(String.valueOf(sub.getType())))
                .collect(Collectors.joining("; ")) + "]";
    }

    private static Throwable ioCause(Throwable error) {
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return cause;
            }
        }
        return null;
    }

    private static String networkCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException || cause instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof HttpConnectTimeoutException || cause instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (root instanceof SSLHandshakeException || cause instanceof SSLHandshakeException) {
            return "TLS handshake failed (" + root.getMessage() + "); for a private CA pass its root with --ca-bundle";
        }
        if (root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
