package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FleetScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final FleetSchedule schedule = new FleetSchedule(new SplittableRandom(7));

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
        Instant past = NOW.minusSeconds(60);
        assertThat(schedule.afterSuccess(NOW, Optional.of(past))).isAfter(NOW.plus(Duration.ofHours(11)));
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
