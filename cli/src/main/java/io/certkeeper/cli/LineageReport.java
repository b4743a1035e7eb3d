package io.certkeeper.cli;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code certkeeper certificates} knows of one lineage, read from disk only: the certificate,
 * its renewal settings, and whether it is due. A broken lineage, or a settings file that is damaged
 * or that others could change, is a problem of this lineage, kept here so that the others can still be listed.
 *
 * @param name the lineage name
 * @param lineage the lineage, empty if it could not be read
 * @param settings the renewal settings, empty if there are none or they are damaged
 * @param settingsState whether settings are stored, and whether they could be read
 * @param decision whether the certificate is due, when it could be read
 * @param problems what could not be read, each naming its file
 */
record LineageReport(String name, Optional<Lineage> lineage, Optional<RenewalSettings> settings, SettingsState settingsState,
        Optional<RenewalDecision> decision, List<CertkeeperException> problems) {

    /** Whether a lineage has renewal settings. */
    enum SettingsState {
        /** {@code certkeeper/<name>.json} was read. */
        PRESENT,
        /** There is no {@code certkeeper/<name>.json}: {@code renew} cannot renew the lineage. */
        ABSENT,
        /** {@code certkeeper/<name>.json} exists but could not be read, or was refused as others could change it. */
        DAMAGED
    }

    /** Copies the list. */
    LineageReport {
        problems = List.copyOf(problems);
    }

    /**
     * Reads one lineage and decides, offline, whether it is due: with the renewal window cached in
     * its settings if there is one, else from its lifetime.
     *
     * @param name the lineage name
     * @param store the certificate store
     * @param settingsStore the renewal settings
     * @param policy the renewal policy, with the clock
     * @return the report; a lineage that vanished meanwhile has neither a lineage nor problems
     */
    static LineageReport inspect(String name, CertificateStore store, RenewalSettingsStore settingsStore, RenewalPolicy policy) {
        List<CertkeeperException> problems = new ArrayList<>();
        Optional<Lineage> lineage = Optional.empty();
        try {
            lineage = store.find(name);
        } catch (StoreIOException | UntrustedPathException e) {
            problems.add(e);
        }
        Optional<RenewalSettings> settings = Optional.empty();
        SettingsState state;
        try {
            settings = settingsStore.find(name);
            state = settings.isPresent() ? SettingsState.PRESENT : SettingsState.ABSENT;
        } catch (StoreIOException | UntrustedPathException e) {
            problems.add(e);
            state = SettingsState.DAMAGED;
        }
        Optional<RenewalSettings> read = settings;
        Optional<RenewalDecision> decision = lineage.map(l -> policy.decide(l.leaf(), read.flatMap(RenewalSettings::renewalInfo)));
        return new LineageReport(name, lineage, settings, state, decision, problems);
    }

    /**
     * Whether there is nothing to report: the lineage was deleted after the names were listed.
     *
     * @return {@code true} if neither the lineage nor a problem was found
     */
    boolean vanished() {
        return lineage.isEmpty() && problems.isEmpty();
    }
}
