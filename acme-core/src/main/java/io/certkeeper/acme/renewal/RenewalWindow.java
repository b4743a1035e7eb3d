package io.certkeeper.acme.renewal;

import java.net.URL;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The renewal window a CA suggested for a certificate through ACME Renewal Information
 * (RFC 9773 §4.2), with when it was fetched and when it may be fetched again.
 *
 * @param start the start of the suggested window
 * @param end the end of the suggested window, after {@code start}
 * @param explanation a page where the CA explains the window, for example after a mass revocation
 * @param fetched when the window was fetched
 * @param nextFetch when to ask again: the response's Retry-After (RFC 9773 §4.3)
 */
public record RenewalWindow(Instant start, Instant end, Optional<URL> explanation, Instant fetched, Instant nextFetch) {

    /**
     * Validates the fields.
     *
     * @param start the start of the suggested window
     * @param end the end of the suggested window, after {@code start}
     * @param explanation a page where the CA explains the window, for example after a mass revocation
     * @param fetched when the window was fetched
     * @param nextFetch when to ask again: the response's Retry-After (RFC 9773 §4.3)
     * @throws IllegalArgumentException if the window ends before it starts, as RFC 9773 §4.2
     *         tells clients to treat as invalid
     */
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(fetched, "fetched");
        Objects.requireNonNull(nextFetch, "nextFetch");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the suggested renewal window ends (" + end + ") before it starts (" + start + ")");
        }
    }

    /**
     * Whether the window should be fetched again.
     *
     * @param now the current time
     * @return {@code true} once {@link #nextFetch} has passed
     */
    public boolean stale(Instant now) {
        return !now.isBefore(nextFetch);
    }
}
