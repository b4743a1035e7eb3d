package io.certkeeper.acme.discovery;

import java.util.Objects;

/**
 * What a discovery source may ask for, set by whoever runs certkeeper rather than by what the
 * source reads (container labels can be written by anyone who starts a container).
 *
 * @param allowedDomains the names a certificate may be asked for; a request naming any other is
 *        skipped whole, with a warning
 * @param mergeNames whether several requests for one lineage name share one certificate with all
 *        their names; when {@code false}, the first request (the oldest container's) stands and
 *        the others are skipped with a warning
 */
public record DiscoveryRules(AllowedDomains allowedDomains, boolean mergeNames) {

    /** Nothing allowed, nothing merged: the default, under which a source asks for nothing. */
    public static final DiscoveryRules NONE = new DiscoveryRules(AllowedDomains.NONE, false);

    /**
     * Validates the fields.
     *
     * @param allowedDomains the names a certificate may be asked for; a request naming any other is
     *        skipped whole, with a warning
     * @param mergeNames whether several requests for one lineage name share one certificate with all
     *        their names; when {@code false}, the first request (the oldest container's) stands and
     *        the others are skipped with a warning
     */
    public DiscoveryRules {
        Objects.requireNonNull(allowedDomains, "allowedDomains");
    }

    /**
     * Rules that allow these names, without merging.
     *
     * @param allowed the allowed names
     * @return the rules
     */
    public static DiscoveryRules allowing(AllowedDomains allowed) {
        return new DiscoveryRules(allowed, false);
    }

    /**
     * These rules with merging on or off.
     *
     * @param merge whether requests for one lineage name share one certificate
     * @return the rules
     */
    public DiscoveryRules withMergeNames(boolean merge) {
        return new DiscoveryRules(allowedDomains, merge);
    }
}
