package io.certkeeper.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.testing.TestPki;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * {@link RenewalPolicy} with the CA's renewal window, from responses as RFC 9773 §4.2 shows
 * them, and without one.
 */
class RenewalPolicyAriTest {

    /** The example response of RFC 9773 §4.2. */
    private static final String RFC_9773_EXAMPLE = """
            {
              "suggestedWindow": {
                "start": "2025-01-02T04:00:00Z",
                "end": "2025-01-03T04:00:00Z"
              },
              "explanationURL": "https://acme.example.com/docs/ari"
            }
            """;
    private static final Instant START = Instant.parse("2025-01-02T04:00:00Z");
    private static final Instant END = Instant.parse("2025-01-03T04:00:00Z");
    private static final Instant FETCHED = Instant.parse("2025-01-01T00:00:00Z");

    private static final TestPki PKI = new TestPki("ARI test root");
    private static final KeyPair KEY = KeySpec.EC_P256.generate();

    /** Reads a renewalInfo response as certkeeper keeps it, fetched at a given time. */
    private static RenewalWindow window(String response, Instant fetched) {
        JSON json = JSON.parse(response);
        JSON suggested = json.get("suggestedWindow").asObject();
        return new RenewalWindow(suggested.get("start").asInstant(), suggested.get("end").asInstant(),
                json.get("explanationURL").optional().map(JSON.Value::asURL), fetched, fetched.plus(Duration.ofHours(6)));
    }

    /** A 90-day certificate whose lifetime rule alone would make it due only on 2025-01-30. */
    private static X509Certificate certificate() {
        Instant notBefore = Instant.parse("2024-12-01T00:00:00Z");
        return PKI.issue(KEY, notBefore, notBefore.plus(Duration.ofDays(90)), "ari.example.test");
    }

    private static RenewalDecision decideAt(Instant now, X509Certificate certificate, Optional<RenewalWindow> window) {
        return new RenewalPolicy(Clock.fixed(now, ZoneOffset.UTC)).decide(certificate, window);
    }

    @Test
    void picksATimeInsideTheWindowAndIsDueFromThenOn() {
        X509Certificate certificate = certificate();
        Optional<RenewalWindow> window = Optional.of(window(RFC_9773_EXAMPLE, FETCHED));
        Instant renewAt = decideAt(FETCHED, certificate, window).renewAt();

        assertThat(renewAt).isBetween(START, END).isBefore(END);
        RenewalDecision beforeWindow = decideAt(START.minusSeconds(1), certificate, window);
        RenewalDecision justBefore = decideAt(renewAt.minusMillis(1), certificate, window);
        RenewalDecision atTheTime = decideAt(renewAt, certificate, window);
        RenewalDecision atTheEnd = decideAt(END, certificate, window);

        assertThat(beforeWindow.due()).isFalse();
        assertThat(justBefore.due()).isFalse();
        assertThat(atTheTime.due()).isTrue();
        assertThat(atTheEnd.due()).isTrue();
        assertThat(List.of(beforeWindow, justBefore, atTheTime, atTheEnd))
                .allSatisfy(d -> assertThat(d.basis()).isEqualTo(RenewalDecision.Basis.ARI))
                .allSatisfy(d -> assertThat(d.renewAt()).isEqualTo(renewAt));
        assertThat(atTheTime.reason()).isEqualTo("the CA's renewal window (ARI) is 2025-01-02 04:00 UTC to 2025-01-03 04:00 UTC,"
                + " see https://acme.example.com/docs/ari");
    }

    @Test
    void theWindowOverridesTheLifetimeRule() {
        X509Certificate certificate = certificate();

        RenewalDecision lifetime = decideAt(END, certificate, Optional.empty());
        RenewalDecision ari = decideAt(END, certificate, Optional.of(window(RFC_9773_EXAMPLE, FETCHED)));

        assertThat(lifetime.due()).as("a third of 90 days is left only from 2025-01-30").isFalse();
        assertThat(ari.due()).as("the CA asks for renewal now, for example after a mass revocation").isTrue();
    }

    @Test
    void theChoiceIsStableForTheSameCertificateAndWindow() {
        X509Certificate certificate = certificate();
        RenewalWindow first = window(RFC_9773_EXAMPLE, FETCHED);
        RenewalWindow refetched = window(RFC_9773_EXAMPLE, FETCHED.plus(Duration.ofHours(7)));

        Instant a = decideAt(FETCHED, certificate, Optional.of(first)).renewAt();
        Instant b = decideAt(START.plusSeconds(60), certificate, Optional.of(first)).renewAt();
        Instant c = decideAt(FETCHED.plus(Duration.ofHours(7)), certificate, Optional.of(refetched)).renewAt();

        assertThat(a).isEqualTo(b).isEqualTo(c);
    }

    @Test
    void differentCertificatesSpreadOverTheWindow() {
        RenewalWindow window = window(RFC_9773_EXAMPLE, FETCHED);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            times.add(decideAt(FETCHED, certificate(), Optional.of(window)).renewAt());
        }

        Duration quarter = Duration.between(START, END).dividedBy(4);
        assertThat(times).allSatisfy(t -> assertThat(t).isBetween(START, END));
        assertThat(new HashSet<>(times)).hasSizeGreaterThan(95);
        // With 100 uniform choices, an empty first or last quarter has a chance of 3e-13.
        assertThat(times).anySatisfy(t -> assertThat(t).isBefore(START.plus(quarter)));
        assertThat(times).anySatisfy(t -> assertThat(t).isAfter(END.minus(quarter)));
    }

    @Test
    void aWindowInThePastIsDue() {
        RenewalDecision decision = decideAt(END.plus(Duration.ofDays(3)), certificate(),
                Optional.of(window(RFC_9773_EXAMPLE, FETCHED)));

        assertThat(decision.due()).isTrue();
        assertThat(decision.basis()).isEqualTo(RenewalDecision.Basis.ARI);
        assertThat(decision.renewAt()).isBefore(END);
    }

    @Test
    void aWindowWithoutExplanationIsExplainedWithoutALink() {
        String response = "{\"suggestedWindow\": {\"start\": \"2025-01-02T04:00:00Z\", \"end\": \"2025-01-03T04:00:00Z\"}}";

        RenewalDecision decision = decideAt(FETCHED, certificate(), Optional.of(window(response, FETCHED)));

        assertThat(decision.reason()).isEqualTo("the CA's renewal window (ARI) is 2025-01-02 04:00 UTC to 2025-01-03 04:00 UTC");
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsInvalidAsRfc9773Says() {
        String response = "{\"suggestedWindow\": {\"start\": \"2025-01-03T04:00:00Z\", \"end\": \"2025-01-02T04:00:00Z\"}}";

        assertThatThrownBy(() -> window(response, FETCHED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends");
    }

    @ParameterizedTest(name = "without a window, a {0}-day certificate is due {1} hours before expiry")
    @CsvSource({"90, 720", "45, 360", "6, 72"})
    void withoutAWindowTheLifetimeDecidesAtItsBoundary(int lifetimeDays, int windowHours) {
        Instant notBefore = Instant.parse("2025-01-01T00:00:00Z");
        Instant notAfter = notBefore.plus(Duration.ofDays(lifetimeDays));
        X509Certificate certificate = PKI.issue(KEY, notBefore, notAfter, "lifetime.example.test");
        Instant boundary = notAfter.minus(Duration.ofHours(windowHours));

        RenewalDecision before = decideAt(boundary.minusMillis(1), certificate, Optional.empty());
        RenewalDecision at = decideAt(boundary, certificate, Optional.empty());

        assertThat(before.due()).isFalse();
        assertThat(at.due()).isTrue();
        assertThat(List.of(before, at)).allSatisfy(d -> {
            assertThat(d.basis()).isEqualTo(RenewalDecision.Basis.LIFETIME);
            assertThat(d.renewAt()).isEqualTo(boundary);
        });
    }
}
