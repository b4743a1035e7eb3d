package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.RateLimitedException;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * When {@code run} looks at a lineage again, on a fixed clock, with due times computed by the real
 * {@link RenewalPolicy} from real certificates.
 */
class FleetScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final TestPki PKI = new TestPki("certkeeper FleetScheduleTest CA");

    private final FleetSchedule schedule = new FleetSchedule(new SplittableRandom(7));
    private final RenewalPolicy policy = new RenewalPolicy(Clock.fixed(NOW, ZoneOffset.UTC));

    /** A certificate as a CA issues it now (with its notBefore a second back, as Pebble's). */
    private static X509Certificate issuedNow(Duration lifetime) {
        Instant notBefore = NOW.minusSeconds(1);
        return PKI.issue(KeySpec.EC_P256.generate(), notBefore, notBefore.plus(lifetime), "short.example.test");
    }

    @Test
    void aTwoMinuteCertificateJustIssuedIsCheckedAgainWhenHalfItsLifetimeIsLeftNotInTwelveHours() {
        X509Certificate issued = issuedNow(Duration.ofMinutes(2));
        RenewalDecision decision = policy.decide(issued);
        assertThat(decision.due()).isFalse();

        Instant next = schedule.afterSuccess(NOW, Optional.of(decision.renewAt()));

        // under 10 days of lifetime, renewed with half of it left: 60 s after notBefore
        assertThat(next).isEqualTo(issued.getNotBefore().toInstant().plusSeconds(60)).isEqualTo(NOW.plusSeconds(59));
        assertThat(next).isBefore(issued.getNotAfter().toInstant());
    }

    @Test
    void aNinetyDayCertificateJustIssuedWaitsForTheRegularCheck() {
        RenewalDecision decision = policy.decide(issuedNow(Duration.ofDays(90)));
        assertThat(decision.renewAt()).isAfter(NOW.plus(Duration.ofDays(59)));

        assertThat(Duration.between(NOW, schedule.afterSuccess(NOW, Optional.of(decision.renewAt()))))
                .isBetween(Duration.ofHours(12), Duration.ofHours(13));
    }

    @Test
    void theCasRenewalWindowDecidesWhenItIsOffered() {
        X509Certificate issued = issuedNow(Duration.ofMinutes(2));
        // later than the lifetime rule's 60 s, and within the 12-hour check
        RenewalWindow window = new RenewalWindow(NOW.plusSeconds(90), NOW.plusSeconds(100), Optional.empty(), NOW,
                NOW.plus(Duration.ofHours(6)));
        RenewalDecision decision = policy.decide(issued, Optional.of(window));
        assertThat(decision.basis()).isEqualTo(RenewalDecision.Basis.ARI);

        Instant next = schedule.afterSuccess(NOW, Optional.of(decision.renewAt()));

        assertThat(next).isEqualTo(decision.renewAt()).isBetween(window.start(), window.end());
    }

    @Test
    void aCertificateThatBecameDueWhileItsOutcomeWasOnItsWayIsCheckedAtOnce() {
        assertThat(schedule.afterSuccess(NOW, Optional.of(NOW.minusMillis(3)))).isEqualTo(NOW);
        assertThat(schedule.afterSuccess(NOW, Optional.of(NOW))).isEqualTo(NOW);
    }

    @Test
    void aCheckAskedForHappensAtOnceUnlessTheCaAskedToWait() {
        assertThat(schedule.onRequest(NOW, Optional.empty())).isEqualTo(NOW);
        assertThat(schedule.onRequest(NOW, Optional.of(NOW.minusSeconds(1)))).isEqualTo(NOW);
        Instant retry = NOW.plus(Duration.ofMinutes(30));
        assertThat(schedule.onRequest(NOW, Optional.of(retry))).isEqualTo(retry);
        assertThat(FleetSchedule.retryAfter(NOW, new RateLimitedException("slow down", retry))).contains(retry);
        assertThat(FleetSchedule.retryAfter(NOW, new RateLimitedException("slow down", NOW.minusSeconds(1)))).isEmpty();
        assertThat(FleetSchedule.retryAfter(NOW, new CaUnreachableException("down", null))).isEmpty();
    }

    @Test
    void checksTwiceADayAtARandomOffset() {
        for (int i = 0; i < 200; i++) {
            Duration wait = Duration.between(NOW, schedule.afterSuccess(NOW, Optional.empty()));
            assertThat(wait).isBetween(Duration.ofHours(12), Duration.ofHours(13));
        }
    }

    @Test
    void checksWhenTheCertificateBecomesDueIfThatIsSooner() {
        Instant due = NOW.plus(Duration.ofHours(3));
        assertThat(schedule.afterSuccess(NOW, Optional.of(due))).isEqualTo(due);
        Instant farther = NOW.plus(Duration.ofDays(20));
        assertThat(schedule.afterSuccess(NOW, Optional.of(farther))).isBefore(NOW.plus(Duration.ofHours(13)));
    }

    @Test
    void backsOffAsLetsEncryptAsks() {
        Exception error = new CaUnreachableException("down", null);
        assertThat(wait(1, error)).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(66));
        assertThat(wait(2, error)).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
        assertThat(wait(3, error)).isBetween(Duration.ofMinutes(100), Duration.ofMinutes(110));
        assertThat(wait(4, error)).isBetween(Duration.ofDays(1), Duration.ofHours(27));
        assertThat(wait(40, error)).isBetween(Duration.ofDays(1), Duration.ofHours(27));
    }

    @Test
    void theCasRetryAfterWins() {
        Instant retry = NOW.plus(Duration.ofHours(5));
        assertThat(schedule.afterFailure(NOW, 1, new RateLimitedException("slow down", retry))).isEqualTo(retry);
        Instant soon = NOW.plusSeconds(5);
        assertThat(schedule.afterFailure(NOW, 3, new RateLimitedException("slow down", soon))).isEqualTo(soon);
        assertThat(Duration.between(NOW, schedule.afterFailure(NOW, 1, new RateLimitedException("slow down", null))))
                .isBetween(Duration.ofMinutes(1), Duration.ofSeconds(66));
    }

    private Duration wait(int failures, Exception error) {
        return Duration.between(NOW, schedule.afterFailure(NOW, failures, error));
    }
}
