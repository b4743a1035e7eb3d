package io.certkeeper.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.FileAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebrootChallengeStoreTest {

    private static final DomainName A = DomainName.of("a.example.com");
    private static final DomainName B = DomainName.of("b.example.com");
    private static final String TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    /** A uid that is neither root nor the test's user. */
    private static final int OTHER_UID = 4242;

    @TempDir
    Path dir;

    private static Http01Token token(DomainName domain, String token) {
        return new Http01Token(domain, token, token + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");
    }

    @Test
    void presentWritesTheKeyAuthorizationWithWebServerModes() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        Http01Token token = token(A, TOKEN);

        store.present(token);

        Path file = webroot.resolve(".well-known/acme-challenge/" + TOKEN);
        assertThat(Files.readAllBytes(file)).isEqualTo(token.keyAuthorization().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(mode(file)).isEqualTo("rw-r--r--");
        assertThat(mode(webroot.resolve(".well-known"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(webroot.resolve(".well-known/acme-challenge"))).isEqualTo("rwxr-xr-x");
        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge",
                ".well-known/acme-challenge/" + TOKEN);
    }

    @Test
    void anIpAddressHasAWebrootLikeAName() throws Exception {
        Path forNames = Files.createDirectory(dir.resolve("names"));
        Path forAddresses = Files.createDirectory(dir.resolve("addresses"));
        // The map is keyed by the form the address was typed in; the CA's authorization gives the canonical one.
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, forNames,
                DomainName.of("0:0:0:0:0:0:0:1"), forAddresses, DomainName.of("192.0.2.10"), forAddresses));
        String other = "o" + TOKEN.substring(1);

        store.prepare(Set.of(A, DomainName.of("::1"), DomainName.of("192.0.2.10")));
        store.present(token(DomainName.of("::1"), TOKEN));
        store.present(token(DomainName.of("192.0.2.10"), other));

        assertThat(listing(forAddresses)).contains(".well-known/acme-challenge/" + TOKEN, ".well-known/acme-challenge/" + other);
        assertThat(listing(forNames)).isEmpty();
    }

    @Test
    void presentAndCleanUpAreIdempotentAndRemoveOnlyWhatTheyCreated() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        Http01Token token = token(A, TOKEN);

        store.cleanUp(token); // nothing there yet
        store.present(token);
        store.present(token);
        assertThat(listing(webroot)).hasSize(3);

        store.cleanUp(token);
        store.cleanUp(token);
        assertThat(listing(webroot)).isEmpty();
    }

    @Test
    void directoriesThatExistedBeforeAreKept() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.createDirectories(webroot.resolve(".well-known"));
        Files.writeString(webroot.resolve(".well-known/security.txt"), "Contact: mailto:a@example.com\n");
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));

        store.present(token(A, TOKEN));
        store.cleanUp(token(A, TOKEN));

        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/security.txt");
    }

    @Test
    void directoryIsRemovedOnlyAfterTheLastTokenIsCleanedUp() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot, B, webroot.resolve("./")));

        store.present(token(A, "first"));
        store.present(token(B, "second"));
        store.cleanUp(token(A, "first"));
        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge",
                ".well-known/acme-challenge/second");

        store.cleanUp(token(B, "second"));
        assertThat(listing(webroot)).isEmpty();
    }

    @Test
    void eachNameUsesItsOwnWebroot() throws Exception {
        Path wwwA = Files.createDirectory(dir.resolve("a"));
        Path wwwB = Files.createDirectory(dir.resolve("b"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, wwwA, B, wwwB));

        store.present(token(A, "tokenA"));
        store.present(token(B, "tokenB"));

        assertThat(listing(wwwA)).contains(".well-known/acme-challenge/tokenA").noneMatch(p -> p.endsWith("tokenB"));
        assertThat(listing(wwwB)).contains(".well-known/acme-challenge/tokenB").noneMatch(p -> p.endsWith("tokenA"));
    }

    @Test
    void nameWithoutWebrootIsRefused() throws Exception {
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, dir));

        assertThatThrownBy(() -> store.prepare(Set.of(A, B)))
                .isInstanceOf(CertkeeperException.class)
                .hasMessage("No webroot given for b.example.com; pass -w <directory nginx serves> before -d b.example.com");
        assertThatThrownBy(() -> store.present(token(B, TOKEN))).isInstanceOf(CertkeeperException.class);
        assertThatCode(() -> store.cleanUp(token(B, TOKEN))).doesNotThrowAnyException();
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void missingWebrootIsRefusedByPrepareWithoutWritingAnything() {
        Path missing = dir.resolve("www");
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, missing));

        assertThatThrownBy(() -> store.prepare(Set.of(A)))
                .isInstanceOf(CertkeeperException.class)
                .hasMessage("Webroot " + missing + " for a.example.com does not exist; create it or pass the directory "
                        + "nginx serves with -w");
        assertThat(missing).doesNotExist();
    }

    @Test
    void webrootThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("index.html"), "hello");
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, file));

        assertThatThrownBy(() -> store.prepare(Set.of(A))).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> store.present(token(A, TOKEN))).isInstanceOf(StoreIOException.class)
                .hasMessageContaining("not a directory");
        assertThat(Files.readString(file)).isEqualTo("hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {".well-known", ".well-known/acme-challenge"})
    void challengePathOccupiedByAFileIsRefused(String occupied) throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.createDirectories(webroot.resolve(occupied).getParent());
        Files.writeString(webroot.resolve(occupied), "");
        List<String> before = listing(webroot);
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));

        assertThatThrownBy(() -> store.prepare(Set.of(A)))
                .hasMessage("Webroot " + webroot + " for a.example.com cannot hold challenges: " + webroot.resolve(occupied)
                        + " is not a directory; remove it");
        assertThatThrownBy(() -> store.present(token(A, TOKEN))).isInstanceOf(StoreIOException.class);
        assertThat(listing(webroot)).isEqualTo(before);
    }

    @Test
    void immutableWebrootIsRefusedEvenToRoot() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        FileAttributes.assumeImmutableSupported(webroot);
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));

        try (FileAttributes.Immutable frozen = FileAttributes.immutable(webroot)) {
            assertThatThrownBy(() -> store.prepare(Set.of(A)))
                    .hasMessageStartingWith("Webroot " + webroot + " for a.example.com is not writable");
            assertThatThrownBy(() -> store.present(token(A, TOKEN)))
                    .isInstanceOf(StoreIOException.class)
                    .hasMessageContaining("operation not permitted");
        }
        assertThat(listing(webroot)).isEmpty();
    }

    @Test
    void existingWritableChallengeDirectoryIsEnoughEvenIfTheWebrootIsNot() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        FileAttributes.assumeImmutableSupported(webroot);
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));

        try (FileAttributes.Immutable frozen = FileAttributes.immutable(webroot);
                FileAttributes.Immutable alsoFrozen = FileAttributes.immutable(webroot.resolve(".well-known"))) {
            store.prepare(Set.of(A));
            store.present(token(A, TOKEN));
            store.cleanUp(token(A, TOKEN));
        }
        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge");
    }

    @ParameterizedTest
    @ValueSource(strings = {".well-known", ".well-known/acme-challenge"})
    void aSymbolicLinkOnTheWayIsRefusedAndNothingIsWrittenThroughIt(String link) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.createDirectories(webroot.resolve(link).getParent());
        Files.createSymbolicLink(webroot.resolve(link), shared);
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        String line = "Webroot " + webroot + " for a.example.com cannot hold challenges: " + webroot.resolve(link)
                + " is a symbolic link, which certkeeper does not follow inside a webroot; replace it with a directory";

        assertThatThrownBy(() -> store.prepare(Set.of(A))).hasMessage(line);
        assertThatThrownBy(() -> store.present(token(A, TOKEN))).isInstanceOf(UntrustedPathException.class).hasMessage(line);
        store.cleanUp(token(A, TOKEN));

        assertThat(shared).isEmptyDirectory();
        assertThat(Files.isSymbolicLink(webroot.resolve(link))).isTrue();
        assertThat(listing(webroot)).containsExactlyElementsOf(link.equals(".well-known") ? List.of(".well-known")
                : List.of(".well-known", ".well-known/acme-challenge"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".well-known", ".well-known/acme-challenge"})
    void aDirectoryOfAnotherUserOnTheWayIsRefused(String foreign) throws Exception {
        assumeTrue(isRoot(), "needs root to give a directory to another uid");
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        Files.setAttribute(webroot.resolve(foreign), "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        String line = "Webroot " + webroot + " for a.example.com cannot hold challenges: " + webroot.resolve(foreign)
                + " is owned by " + OTHER_UID + ", not by root or the webroot's owner (root); run chown root "
                + webroot.resolve(foreign);

        assertThatThrownBy(() -> store.prepare(Set.of(A))).hasMessage(line);
        assertThatThrownBy(() -> store.present(token(A, TOKEN))).isInstanceOf(UntrustedPathException.class).hasMessage(line);
        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge");
    }

    @Test
    void directoriesOfTheWebrootsOwnerAreUsed() throws Exception {
        assumeTrue(isRoot(), "needs root to give directories to another uid");
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Path challenges = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        for (Path p : List.of(webroot, webroot.resolve(".well-known"), challenges)) {
            Files.setAttribute(p, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        }
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));

        store.prepare(Set.of(A));
        store.present(token(A, TOKEN));
        assertThat(challenges.resolve(TOKEN)).hasContent(token(A, TOKEN).keyAuthorization());
        assertThat(mode(challenges.resolve(TOKEN))).isEqualTo("rw-r--r--");
        store.cleanUp(token(A, TOKEN));

        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge");
    }

    @Test
    void cleanUpLeavesAFileThatReplacedOurs() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        store.present(token(A, TOKEN));
        Path file = webroot.resolve(".well-known/acme-challenge/" + TOKEN);
        // Made before ours is replaced, so it cannot get our file's inode number back.
        Path other = Files.writeString(file.resolveSibling("other"), "someone else's");
        Files.move(other, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        store.cleanUp(token(A, TOKEN));

        assertThat(file).hasContent("someone else's");
        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge",
                ".well-known/acme-challenge/" + TOKEN);
    }

    @Test
    void cleanUpLeavesADirectoryThatReplacedOne() throws Exception {
        Path webroot = Files.createDirectory(dir.resolve("www"));
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, webroot));
        store.present(token(A, TOKEN));
        Path challenges = webroot.resolve(".well-known/acme-challenge");
        Files.move(challenges, webroot.resolve("moved"));
        Files.createDirectory(challenges);

        store.cleanUp(token(A, TOKEN));

        assertThat(listing(webroot)).containsExactly(".well-known", ".well-known/acme-challenge", "moved",
                "moved/" + TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../x", "a/b", "a\\b", "", "abc=", "a b", "%2e%2e", "a.b"})
    void tokensThatCouldLeaveTheDirectoryCannotBeMade(String token) {
        assertThatThrownBy(() -> token(A, token)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensAtTheEdgesOfTheAlphabetAreWritten() throws Exception {
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, dir));
        List<String> tokens = List.of("-", "_", "--", "a", "Z9-_", "x".repeat(255));

        for (String t : tokens) {
            store.present(token(A, t));
        }

        try (Stream<Path> files = Files.list(dir.resolve(".well-known/acme-challenge"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(tokens);
        }
        for (String t : tokens) {
            store.cleanUp(token(A, t));
        }
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void theLongestValidTokenFitsInAFileName() throws Exception {
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, dir));
        Http01Token longest = token(A, "x".repeat(255));

        store.present(longest);
        assertThat(dir.resolve(".well-known/acme-challenge").resolve(longest.token())).hasContent(longest.keyAuthorization());
        store.cleanUp(longest);
        assertThat(dir.resolve(".well-known")).doesNotExist();
    }

    @Test
    void concurrentPresentAndCleanUpInOneWebrootLeaveNothingBehind() throws Exception {
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(A, dir));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Http01Token token = token(A, "token" + i);
                work.add(pool.submit(() -> {
                    store.present(token);
                    assertThat(dir.resolve(".well-known/acme-challenge/" + token.token())).hasContent(token.keyAuthorization());
                    store.cleanUp(token);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listing(dir)).isEmpty();
    }

    static boolean isRoot() throws IOException {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every path below a directory, relative to it, sorted; temporary files would show up here. */
    static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
