package io.certkeeper.acme.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which archive version each of the links in {@code live/<name>/} points to; a missing link has no
 * entry. After a completed save all four point to the same version; anything else is what an
 * interrupted save, or a concurrent one seen half-way, leaves behind.
 *
 * @param versions the version per kind of link that exists
 */
record LinkState(Map<Kind, Integer> versions) {

    LinkState {
        // in kind order, so that messages read cert, chain, fullchain, privkey
        Map<Kind, Integer> ordered = new EnumMap<>(Kind.class);
        ordered.putAll(versions);
        versions = Collections.unmodifiableMap(ordered);
    }

    /** Whether no link exists: no lineage, or a first save that failed before linking. */
    boolean isAbsent() {
        return versions.isEmpty();
    }

    /** The version if all four links exist and agree. */
    Optional<Integer> consistentVersion() {
        if (versions.size() != Kind.values().length || versions.values().stream().distinct().count() != 1) {
            return Optional.empty();
        }
        return Optional.of(versions.get(Kind.CERT));
    }

    /** The distinct versions linked, newest first. */
    SortedSet<Integer> linkedVersionsNewestFirst() {
        SortedSet<Integer> linked = new TreeSet<>((a, b) -> Integer.compare(b, a));
        linked.addAll(versions.values());
        return linked;
    }
}
