package io.certkeeper.cli;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.json.JsonWriter;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.Lineage;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code certkeeper certificates --json}: the same data as the text, for programs. Every field is
 * always present, {@code null} when it is unknown, so that readers need no guessing; instants are
 * ISO-8601 in UTC. The format is documented in the README, and fields are only ever added.
 */
final class CertificatesJson {

    private CertificatesJson() {
    }

    /**
     * Writes the reports.
     *
     * @param dir the config directory
     * @param reports the lineages, in order
     * @param now the time days left and due dates are counted from
     * @return the JSON text
     */
    static String write(Path dir, List<LineageReport> reports, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("configDir", dir.toString());
        json.put("checkedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("certificates", reports.stream().map(report -> certificate(report, now)).toList());
        return JsonWriter.write(json);
    }

    private static Map<String, Object> certificate(LineageReport report, Instant now) {
        Optional<Lineage> lineage = report.lineage();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", report.name());
        json.put("domains", lineage.map(Lineage::names).orElse(null));
        json.put("keyType", lineage.map(l -> KeySpec.describe(l.leaf().getPublicKey())).orElse(null));
        json.put("serial", lineage.map(l -> l.leaf().getSerialNumber().toString(16)).orElse(null));
        json.put("notBefore", lineage.map(l -> l.leaf().getNotBefore().toInstant().toString()).orElse(null));
        json.put("notAfter", lineage.map(l -> l.notAfter().toString()).orElse(null));
        json.put("daysLeft", lineage.map(l -> Duration.between(now, l.notAfter()).toDays()).orElse(null));
        json.put("expired", lineage.map(l -> !now.isBefore(l.notAfter())).orElse(null));
        json.put("placeholder", lineage.map(Lineage::placeholder).orElse(null));
        json.put("renewal", report.decision().map(decision -> renewal(decision, report.settings())).orElse(null));
        json.put("settings", report.settingsState().name().toLowerCase(Locale.ROOT));
        json.put("server", report.settings().map(s -> s.ca().directory().toString()).orElse(null));
        json.put("challenge", report.settings().map(s -> method(s.challenge())).orElse(null));
        json.put("profile", report.settings().flatMap(s -> s.request().profile()).orElse(null));
        json.put("version", lineage.map(Lineage::version).orElse(null));
        json.put("paths", lineage.map(CertificatesJson::paths).orElse(null));
        json.put("errors", report.problems().stream().map(ErrorHandler::oneLine).toList());
        return json;
    }

    private static Map<String, Object> renewal(RenewalDecision decision, Optional<RenewalSettings> settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("due", decision.due());
        json.put("dueAt", dueAt(decision).toString());
        json.put("basis", decision.basis().name().toLowerCase(Locale.ROOT));
        json.put("reason", decision.reason());
        Optional<RenewalWindow> window = decision.basis() == RenewalDecision.Basis.ARI
                ? settings.flatMap(RenewalSettings::renewalInfo) : Optional.empty();
        json.put("window", window.map(CertificatesJson::window).orElse(null));
        return json;
    }

    /**
     * When a certificate becomes due, to the whole second: rounded up, so that a program that
     * renews at this time finds the certificate due. The lifetime rule divides by three, which
     * leaves nanoseconds nobody needs to read.
     */
    static Instant dueAt(RenewalDecision decision) {
        Instant renewAt = decision.renewAt();
        Instant seconds = renewAt.truncatedTo(ChronoUnit.SECONDS);
        return seconds.equals(renewAt) ? seconds : seconds.plusSeconds(1);
    }

    private static Map<String, Object> window(RenewalWindow window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", window.start().toString());
        json.put("end", window.end().toString());
        json.put("explanation", window.explanation().map(URL::toString).orElse(null));
        json.put("fetched", window.fetched().toString());
        return json;
    }

    private static Map<String, Object> paths(Lineage lineage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cert", lineage.certPath().toString());
        json.put("chain", lineage.chainPath().toString());
        json.put("fullchain", lineage.fullchainPath().toString());
        json.put("privkey", lineage.privkeyPath().toString());
        return json;
    }

    private static String method(ChallengeMethod method) {
        if (method instanceof ChallengeMethod.Standalone) {
            return "standalone";
        }
        return method instanceof ChallengeMethod.Webroot ? "webroot" : "manual";
    }
}
