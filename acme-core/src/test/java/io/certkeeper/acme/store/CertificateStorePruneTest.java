package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CertificateStore#prune}, {@link CertificateStore#delete} and {@link CertificateStore#names}. */
class CertificateStorePruneTest {

    private static final String NAME = "prune.example.test";

    @TempDir
    Path dir;

    private CertificateStore store() {
        return new CertificateStore(dir.resolve("store"));
    }

    private static void saveVersions(CertificateStore store, String name, int count) throws CertkeeperException {
        for (int i = 0; i < count; i++) {
            Issued issued = issue(name);
            store.save(name, issued.key().getPrivate(), issued.chain());
        }
    }

    /** The versions that have files in {@code archive/<name>/}. */
    private static TreeSet<Integer> archived(CertificateStore store, String name) throws IOException {
        TreeSet<Integer> versions = new TreeSet<>();
        try (Stream<Path> files = Files.list(store.directory().resolve("archive").resolve(name))) {
            files.forEach(f -> Kind.anyVersionOf(f.getFileName().toString()).ifPresent(versions::add));
        }
        return versions;
    }

    /** Points one link of the lineage at an archive version, as an interrupted save or a hand edit leaves it. */
    private static void link(CertificateStore store, String name, Kind kind, int version) throws IOException {
        Path link = store.directory().resolve("live").resolve(name).resolve(kind.liveFileName());
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("..", "..", "archive", name, kind.archiveFileName(version)));
    }

    @Test
    void keepsTheNewestVersions() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 5);

        List<Integer> deleted = store.prune(NAME, 2);

        assertThat(deleted).containsExactly(1, 2, 3);
        assertThat(archived(store, NAME)).containsExactly(4, 5);
        try (Stream<Path> files = Files.list(store.directory().resolve("archive").resolve(NAME))) {
            assertThat(files).hasSize(8);
        }
        assertThat(store.find(NAME).orElseThrow().version()).isEqualTo(5);
    }

    @Test
    void keepingAsManyAsThereAreDeletesNothing() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 3);

        assertThat(store.prune(NAME, 3)).isEmpty();
        assertThat(store.prune(NAME, 10)).isEmpty();
        assertThat(archived(store, NAME)).containsExactly(1, 2, 3);
    }

    @Test
    void neverDeletesTheVersionInUseNorAnyNewerOne() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 4);
        for (Kind kind : Kind.values()) {
            link(store, NAME, kind, 2); // someone went back to version 2
        }

        List<Integer> deleted = store.prune(NAME, 1);

        assertThat(deleted).containsExactly(1);
        assertThat(archived(store, NAME)).containsExactly(2, 3, 4);
        assertThat(store.find(NAME).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void doesNothingWhileTheLinksDisagree() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 3);
        link(store, NAME, Kind.CERT, 2); // as a save interrupted between two link renames leaves them

        assertThat(store.prune(NAME, 1)).isEmpty();
        assertThat(archived(store, NAME)).containsExactly(1, 2, 3);
    }

    @Test
    void keepingNoVersionIsRefusedAndAnAbsentLineageHasNothingToPrune() throws Exception {
        CertificateStore store = store();

        assertThatThrownBy(() -> store.prune(NAME, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.prune(NAME, 1)).isEmpty();
    }

    @Test
    void deleteRemovesTheLinksAndTheArchiveOfOneLineageOnly() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 2);
        saveVersions(store, "other.example.test", 1);

        assertThat(store.delete(NAME)).isTrue();

        assertThat(store.directory().resolve("live").resolve(NAME)).doesNotExist();
        assertThat(store.directory().resolve("archive").resolve(NAME)).doesNotExist();
        assertThat(store.find(NAME)).isEmpty();
        assertThat(store.find("other.example.test")).isPresent();
        assertThat(store.delete(NAME)).as("nothing left to delete").isFalse();
    }

    @Test
    void deleteRemovesABrokenLineageToo() throws Exception {
        CertificateStore store = store();
        saveVersions(store, NAME, 1);
        Files.delete(store.directory().resolve("archive").resolve(NAME).resolve("cert1.pem"));
        assertThatThrownBy(() -> store.find(NAME)).isInstanceOf(StoreIOException.class);

        assertThat(store.delete(NAME)).isTrue();

        assertThat(store.names()).isEmpty();
    }

    @Test
    void deleteLeavesAFileItDidNotMakeAlone() throws Exception {
        CertificateStore store = store();
        saveVersions(store, "other.example.test", 1);
        Path stranger = Files.writeString(store.directory().resolve("live").resolve(NAME), "not a lineage");

        assertThatThrownBy(() -> store.delete(NAME)).isInstanceOf(StoreIOException.class)
                .hasMessageContaining("is not a directory");
        assertThat(stranger).hasContent("not a lineage");
    }

    @Test
    void namesListsLineagesWithoutReadingThem() throws Exception {
        CertificateStore store = store();
        saveVersions(store, "b.example.test", 1);
        saveVersions(store, "a.example.test", 1);
        Files.delete(store.directory().resolve("archive/b.example.test/privkey1.pem"));
        Files.writeString(store.directory().resolve("live/README"), "certbot's note");
        Files.createDirectory(store.directory().resolve("live/-not-a-name"));

        assertThat(store.names()).containsExactly("a.example.test", "b.example.test");
        assertThatThrownBy(store::list).as("list reads each lineage, and b is broken").isInstanceOf(StoreIOException.class);
        assertThat(new CertificateStore(dir.resolve("empty")).names()).isEmpty();
    }
}
