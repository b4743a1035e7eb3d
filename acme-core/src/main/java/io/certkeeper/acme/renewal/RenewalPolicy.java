package io.certkeeper.acme.renewal;

import io.certkeeper.acme.store.PlaceholderCertificate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when a certificate is due for renewal. When the CA suggested a renewal window through
 * ACME Renewal Information (RFC 9773 §4.2), a time inside it is chosen, at random as the RFC asks
 * but stable for a given certificate and window, so that checks from a timer neither drift
 * towards the start of the window nor flap. Otherwise, from its lifetime: when a third of it is
 * left, or half of it for certificates valid less than 10 days, as Let's Encrypt recommends for
 * short-lived certificates. Works alike for 6-day, 45-day and 90-day certificates. A placeholder
 * that stands in until the CA's first certificate is due from the start.
 *
 * <p>The clock is injected, never read from the system directly. Thread-safe.
 */
public final class RenewalPolicy {

    private static final Duration SHORT_LIVED = Duration.ofDays(10);
    private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    /**
     * Creates the policy.
     *
     * @param clock the clock "now" is read from
     */
    public RenewalPolicy(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Decides for one certificate from its lifetime.
     *
     * @param certificate the certificate in use
     * @return the decision
     */
    public RenewalDecision decide(X509Certificate certificate) {
        return decide(certificate, Optional.empty());
    }

    /**
     * Decides for one certificate, following the CA's renewal window when there is one. A
     * placeholder ({@link PlaceholderCertificate}) is due at once, from its notBefore, whatever
     * the window says.
     *
     * @param certificate the certificate in use
     * @param window the CA's suggested window for it (RFC 9773), if the CA offers one
     * @return the decision
     */
    public RenewalDecision decide(X509Certificate certificate, Optional<RenewalWindow> window) {
        if (PlaceholderCertificate.isPlaceholder(certificate)) {
            return new RenewalDecision(true, certificate.getNotBefore().toInstant(), "a placeholder, not issued by a CA",
                    RenewalDecision.Basis.PLACEHOLDER);
        }
        if (window.isPresent()) {
            return decide(certificate, window.get());
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration renewWindow = lifetime.compareTo(SHORT_LIVED) < 0 ? lifetime.dividedBy(2) : lifetime.dividedBy(3);
        Instant renewAt = notAfter.minus(renewWindow);
        Instant now = clock.instant();
        Duration left = Duration.between(now, notAfter);
        String reason = left.isNegative()
                ? "expired " + describe(left.negated()) + " ago"
                : describe(left) + " of " + describe(lifetime) + " left";
        return new RenewalDecision(!now.isBefore(renewAt), renewAt, reason, RenewalDecision.Basis.LIFETIME);
    }

    private RenewalDecision decide(X509Certificate certificate, RenewalWindow window) {
        Duration length = Duration.between(window.start(), window.end());
        long offsetMillis = (long) (fraction(certificate, window) * length.toMillis());
        Instant renewAt = window.start().plusMillis(offsetMillis);
        Instant now = clock.instant();
        String reason = "the CA's renewal window (ARI) is " + WINDOW.format(window.start()) + " to " + WINDOW.format(window.end())
                + window.explanation().map(url -> ", see " + url).orElse("");
        return new RenewalDecision(!now.isBefore(renewAt), renewAt, reason, RenewalDecision.Basis.ARI);
    }

    /**
     * A number in [0, 1) that looks random but is the same for the same certificate and window,
     * so that every check picks the same moment, and lineages renewed together spread out.
     */
    private static double fraction(X509Certificate certificate, RenewalWindow window) {
        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(certificate.getSerialNumber().toByteArray());
            sha.update(window.start().toString().getBytes(StandardCharsets.US_ASCII));
            sha.update(window.end().toString().getBytes(StandardCharsets.US_ASCII));
            digest = sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long bits = ByteBuffer.wrap(digest).getLong() >>> 11; // 53 bits, what a double holds exactly
        return bits / (double) (1L << 53);
    }

    private static String describe(Duration duration) {
        long days = duration.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = duration.toHours();
        if (hours >= 2) {
            return hours + " hours";
        }
        long minutes = duration.toMinutes();
        // seconds for certificates of a few minutes, such as a test CA's, rather than "0 minutes"
        return minutes >= 2 ? minutes + " minutes" : duration.toSeconds() + " seconds";
    }
}
