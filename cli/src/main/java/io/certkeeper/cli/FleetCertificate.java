package io.certkeeper.cli;

import io.certkeeper.acme.renewal.RenewalSettings;
import java.util.Objects;

/**
 * One certificate {@code certkeeper run} keeps valid.
 *
 * @param settings how to obtain and renew it
 * @param placeholder write a self-signed placeholder into {@code live/<name>/} while there is no
 *        certificate yet, so that a web server configured for it can start
 * @param origin where it was asked for, for log lines: {@code FILE:LINE} or a discovered origin
 */
record FleetCertificate(RenewalSettings settings, boolean placeholder, String origin) {

    /** Validates the fields. */
    FleetCertificate {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(origin, "origin");
    }

    /** The lineage name. */
    String name() {
        return settings.name();
    }
}
