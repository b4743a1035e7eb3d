package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollingTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Polling polling = new Polling(Clock.fixed(NOW, ZoneOffset.UTC), Sleeper.THREAD,
            Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofMinutes(5));

    @Test
    void startsShortAndBacksOffToTheCap() {
        Duration delay = null;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            delay = polling.next(delay);
            seen.append(delay.toMillis()).append(' ');
        }
        assertThat(seen.toString().strip()).isEqualTo("50 100 200 400 800 1600 3000 3000");
    }

    @Test
    void honoursALaterRetryAfter() {
        assertThat(polling.honour(Duration.ofMillis(50), Optional.of(NOW.plusSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(polling.honour(Duration.ofMillis(50), Optional.of(NOW.minusSeconds(2)))).isEqualTo(Duration.ofMillis(50));
        assertThat(polling.honour(Duration.ofMillis(50), Optional.empty())).isEqualTo(Duration.ofMillis(50));
    }
}
