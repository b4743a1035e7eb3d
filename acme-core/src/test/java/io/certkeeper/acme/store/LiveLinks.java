package io.certkeeper.acme.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The links of {@code live/<name>/} as a web server meets them: read straight from the file
 * system, without the store, which would repair them first. Reading asserts what must hold at any
 * moment: each link that exists is a symbolic link to {@code ../../archive/<name>/<kind>N.pem},
 * never to a temporary name, and resolves to a regular file.
 *
 * @param versions the archive version each existing link points to, in kind order
 */
record LiveLinks(Map<Kind, Integer> versions) {

    LiveLinks {
        Map<Kind, Integer> ordered = new EnumMap<>(Kind.class);
        ordered.putAll(versions);
        versions = Collections.unmodifiableMap(ordered);
    }

    static LiveLinks read(Path configDir, String name) throws IOException {
        Path live = configDir.resolve("live").resolve(name);
        Map<Kind, Integer> versions = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Path link = live.resolve(kind.liveFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            assertThat(link).as("a live/ entry").isSymbolicLink();
            Path target = Files.readSymbolicLink(link);
            assertThat(target.toString()).as(link + " points at a temporary file").doesNotContain(AtomicFiles.TEMP_PREFIX);
            assertThat(target.getParent()).as(link + " -> " + target).isEqualTo(Path.of("../../archive", name));
            Optional<Integer> version = kind.versionOf(target.getFileName().toString());
            assertThat(version).as(link + " -> " + target + " names a " + kind.archiveFileNamePattern()).isPresent();
            assertThat(link).as(link + " -> " + target + " resolves").isRegularFile();
            versions.put(kind, version.get());
        }
        return new LiveLinks(versions);
    }

    /** No link at all: no lineage yet, or a first save that was stopped before its first link. */
    boolean isAbsent() {
        return versions.isEmpty();
    }

    /** All four links exist and point to one version. */
    boolean isConsistent() {
        return versions.size() == Kind.values().length && new TreeSet<>(versions.values()).size() == 1;
    }

    int newest() {
        return Collections.max(versions.values());
    }

    /** The kinds whose link points at the newest version, in {@link LineageFiles#SWITCH_ORDER}. */
    List<Kind> atNewest() {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : LineageFiles.SWITCH_ORDER) {
            if (versions.containsKey(kind) && versions.get(kind) == newest()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
