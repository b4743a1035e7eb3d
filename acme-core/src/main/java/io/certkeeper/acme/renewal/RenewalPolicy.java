package io.certkeeper.acme.renewal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides when a certificate is due for renewal from its lifetime: when a third of it is left,
 * or half of it for certificates valid less than 10 days, as Let's Encrypt recommends for
 * short-lived certificates. Works alike for 6-day, 45-day and 90-day certificates.
 *
 * <p>The clock is injected, never read from the system directly. Thread-safe.
 */
public final class RenewalPolicy {

    private static final Duration SHORT_LIVED = Duration.ofDays(10);

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
     * Decides for one certificate.
     *
     * @param certificate the certificate in use
     * @return the decision
     */
    public RenewalDecision decide(X509Certificate certificate) {
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
        return new RenewalDecision(!now.isBefore(renewAt), renewAt, reason);
    }

    private static String describe(Duration duration) {
        long days = duration.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = duration.toHours();
        return hours >= 2 ? hours + " hours" : duration.toMinutes() + " minutes";
    }
}
