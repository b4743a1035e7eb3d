package io.certkeeper.cli;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.store.Lineage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code certkeeper certificates} for people, in certbot's style: one block per lineage, a
 * {@code Label: value} per line, certbot's labels where certbot has the same field.
 */
final class CertificatesText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private CertificatesText() {
    }

    /**
     * Prints the reports.
     *
     * @param out where to print
     * @param dir the config directory, for the heading
     * @param reports the lineages, in order
     * @param now the time days left are counted from
     */
    static void print(PrintWriter out, Path dir, List<LineageReport> reports, Instant now) {
        if (reports.isEmpty()) {
            out.println("No certificates found in " + dir + ".");
            return;
        }
        out.println("Found the following certificates in " + dir + ":");
        for (LineageReport report : reports) {
            out.println("  Certificate Name: " + report.name());
            report.lineage().ifPresent(lineage -> printCertificate(out, lineage, report, now));
            printSettings(out, report);
            report.lineage().ifPresent(lineage -> printFiles(out, lineage));
            report.problems().forEach(problem -> out.println("    Problem: " + ErrorHandler.oneLine(problem)));
        }
    }

    private static void printCertificate(PrintWriter out, Lineage lineage, LineageReport report, Instant now) {
        out.println("    Domains: " + String.join(" ", lineage.names()));
        out.println("    Key Type: " + KeySpec.describe(lineage.leaf().getPublicKey()));
        out.println("    Serial Number: " + lineage.leaf().getSerialNumber().toString(16));
        out.println("    Not Before: " + TIME.format(lineage.leaf().getNotBefore().toInstant()));
        out.println("    Expiry Date: " + TIME.format(lineage.notAfter()) + " (" + validity(lineage, now) + ")");
        report.decision().ifPresent(decision -> out.println("    Renewal: " + renewal(decision)));
    }

    private static void printFiles(PrintWriter out, Lineage lineage) {
        out.println("    Version: " + lineage.version());
        out.println("    Certificate Path: " + lineage.fullchainPath());
        out.println("    Private Key Path: " + lineage.privkeyPath());
        out.println("    Cert Path: " + lineage.certPath());
        out.println("    Chain Path: " + lineage.chainPath());
    }

    private static void printSettings(PrintWriter out, LineageReport report) {
        switch (report.settingsState()) {
            case PRESENT -> {
                RenewalSettings settings = report.settings().orElseThrow();
                out.println("    CA Server: " + settings.ca());
                out.println("    Challenge: " + challenge(settings.challenge()));
                out.println("    Profile: " + settings.request().profile().orElse("the CA's default"));
            }
            case ABSENT -> out.println("    Renewal Settings: no renewal settings; certkeeper renew cannot renew it until"
                    + " certkeeper certonly is run once for its names");
            case DAMAGED -> out.println("    Renewal Settings: damaged (see the problem below)");
            default -> throw new IllegalStateException(report.settingsState().toString());
        }
    }

    /** certbot's "VALID: 89 days", "INVALID: EXPIRED"; a placeholder is never valid, whatever its dates. */
    private static String validity(Lineage lineage, Instant now) {
        if (lineage.placeholder()) {
            return "INVALID: placeholder, not issued by a CA";
        }
        Instant notAfter = lineage.notAfter();
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "INVALID: EXPIRED";
        }
        return left.toDays() >= 1 ? "VALID: " + left.toDays() + " days" : "VALID: " + left.toHours() + " hours";
    }

    private static String renewal(RenewalDecision decision) {
        String when = (decision.due() ? "DUE since " : "not due until ") + TIME.format(CertificatesJson.dueAt(decision));
        // An ARI reason names the window already ("the CA's renewal window (ARI) is … to …"), a
        // placeholder's says what it is.
        return when + " (" + (decision.basis() == RenewalDecision.Basis.LIFETIME ? "lifetime rule: " : "") + decision.reason() + ")";
    }

    private static String challenge(ChallengeMethod method) {
        if (method instanceof ChallengeMethod.Standalone standalone) {
            return "standalone, " + standalone.address().map(a -> "address " + a + ", ").orElse("") + "port " + standalone.port();
        }
        if (method instanceof ChallengeMethod.Webroot webroot) {
            return "webroot, " + webroot.webroots().values().stream().map(Path::toString).sorted().distinct()
                    .collect(Collectors.joining(", "));
        }
        ChallengeMethod.Manual manual = (ChallengeMethod.Manual) method;
        return "manual, auth hook " + manual.authHook() + manual.cleanupHook().map(c -> ", cleanup hook " + c).orElse("");
    }
}
