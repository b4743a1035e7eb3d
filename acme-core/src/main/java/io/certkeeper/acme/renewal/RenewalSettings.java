package io.certkeeper.acme.renewal;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import java.net.URL;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to renew a lineage without being told again: what was asked for, from which
 * CA and account, how the names were proven, which hooks run, and the CA's last renewal window.
 * Kept in {@code <config dir>/certkeeper/<name>.json} by {@link RenewalSettingsStore}.
 *
 * @param request the names, key type and order options
 * @param ca the CA, with its CA bundle if one was given
 * @param account the account the certificate was ordered with, once known
 * @param challenge how the names are proven
 * @param hooks the hooks of this lineage
 * @param keepVersions how many versions {@code archive/<name>/} keeps; older ones are deleted
 * @param renewalInfo the CA's last suggested renewal window, if it offers ARI
 * @param origin who created the lineage; empty for settings written before origins were recorded,
 *        which no discovery source may take over
 */
public record RenewalSettings(CertificateRequest request, CertificateAuthority ca, Optional<URL> account,
        ChallengeMethod challenge, LineageHooks hooks, int keepVersions, Optional<RenewalWindow> renewalInfo,
        Optional<LineageOrigin> origin) {

    /** How many archive versions are kept unless told otherwise. */
    public static final int DEFAULT_KEEP_VERSIONS = 10;

    /**
     * Validates the fields.
     *
     * @param request the names, key type and order options
     * @param ca the CA, with its CA bundle if one was given
     * @param account the account the certificate was ordered with, once known
     * @param challenge how the names are proven
     * @param hooks the hooks of this lineage
     * @param keepVersions how many versions {@code archive/<name>/} keeps; older ones are deleted
     * @param renewalInfo the CA's last suggested renewal window, if it offers ARI
     * @param origin who created the lineage; empty for settings written before origins were recorded,
     *        which no discovery source may take over
     * @throws IllegalArgumentException if fewer than one version would be kept
     */
    public RenewalSettings {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(renewalInfo, "renewalInfo");
        Objects.requireNonNull(origin, "origin");
        if (keepVersions < 1) {
            throw new IllegalArgumentException("--keep-versions must be at least 1, the version in use");
        }
    }

    /**
     * Settings whose origin is not known, as those written before origins were recorded.
     *
     * @param request the names, key type and order options
     * @param ca the CA
     * @param account the account, once known
     * @param challenge how the names are proven
     * @param hooks the hooks
     * @param keepVersions how many versions are kept
     * @param renewalInfo the CA's last suggested renewal window
     * @throws IllegalArgumentException if fewer than one version would be kept
     */
    public RenewalSettings(CertificateRequest request, CertificateAuthority ca, Optional<URL> account,
            ChallengeMethod challenge, LineageHooks hooks, int keepVersions, Optional<RenewalWindow> renewalInfo) {
        this(request, ca, account, challenge, hooks, keepVersions, renewalInfo, Optional.empty());
    }

    /**
     * The lineage name.
     *
     * @return the request's name
     */
    public String name() {
        return request.name();
    }

    /**
     * These settings with another account.
     *
     * @param location the account URL
     * @return the new settings
     */
    public RenewalSettings withAccount(URL location) {
        return new RenewalSettings(request, ca, Optional.of(location), challenge, hooks, keepVersions, renewalInfo, origin);
    }

    /**
     * These settings with the CA changed, such as allowed plaintext
     * ({@link CertificateAuthority#allowingPlaintext()}).
     *
     * @param newCa the CA
     * @return the new settings
     */
    public RenewalSettings withCa(CertificateAuthority newCa) {
        return new RenewalSettings(request, newCa, account, challenge, hooks, keepVersions, renewalInfo);
    }

    /**
     * These settings with other hooks.
     *
     * @param newHooks the hooks
     * @return the new settings
     */
    public RenewalSettings withHooks(LineageHooks newHooks) {
        return new RenewalSettings(request, ca, account, challenge, newHooks, keepVersions, renewalInfo, origin);
    }

    /**
     * These settings with another renewal window.
     *
     * @param window the window, or empty when the CA offers none
     * @return the new settings
     */
    public RenewalSettings withRenewalInfo(Optional<RenewalWindow> window) {
        return new RenewalSettings(request, ca, account, challenge, hooks, keepVersions, window, origin);
    }

    /**
     * These settings with another origin.
     *
     * @param by who created the lineage
     * @return the new settings
     */
    public RenewalSettings withOrigin(LineageOrigin by) {
        return new RenewalSettings(request, ca, account, challenge, hooks, keepVersions, renewalInfo, Optional.of(by));
    }
}
