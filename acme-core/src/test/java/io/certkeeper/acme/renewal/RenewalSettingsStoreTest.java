package io.certkeeper.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RenewalSettingsStoreTest {

    private static final DomainName APEX = DomainName.of("example.test");
    private static final DomainName WWW = DomainName.of("www.example.test");

    @TempDir
    Path dir;

    static Stream<ChallengeMethod> everyChallengeMethod() {
        Map<DomainName, Path> webroots = new LinkedHashMap<>();
        webroots.put(APEX, Path.of("/var/www/apex"));
        webroots.put(WWW, Path.of("/var/www/www"));
        return Stream.of(
                new ChallengeMethod.Standalone(Optional.empty(), 80),
                new ChallengeMethod.Standalone(Optional.of("::1"), 8080),
                new ChallengeMethod.Webroot(webroots),
                new ChallengeMethod.Manual("/usr/local/bin/auth.sh \"quoted arg\"", Optional.empty()),
                new ChallengeMethod.Manual("/usr/local/bin/auth.sh", Optional.of("/usr/local/bin/cleanup.sh")));
    }

    @ParameterizedTest
    @MethodSource("everyChallengeMethod")
    void roundTripsEverything(ChallengeMethod challenge) throws Exception {
        RenewalWindow window = new RenewalWindow(Instant.parse("2025-01-02T04:00:00Z"), Instant.parse("2025-01-03T04:00:00Z"),
                Optional.of(url("https://127.0.0.1/docs/ari")), Instant.parse("2025-01-01T10:00:00Z"),
                Instant.parse("2025-01-01T16:00:00Z"));
        RenewalSettings settings = new RenewalSettings(
                new CertificateRequest("example.test", List.of(APEX, WWW), KeySpec.RSA_3072),
                CertificateAuthority.of("https://127.0.0.1:14000/dir").withCaBundle(Path.of("/etc/pebble/ca.pem")),
                Optional.of(url("https://127.0.0.1:14000/my-account/1")), challenge,
                new LineageHooks(Optional.of("echo pre"), Optional.of("echo 'post'"), Optional.of("systemctl reload nginx")),
                3, Optional.of(window), Optional.of(LineageOrigin.discovered("docker")));
        RenewalSettingsStore store = new RenewalSettingsStore(dir);

        store.save(settings);
        RenewalSettings read = store.find("example.test").orElseThrow();

        assertThat(read.request()).isEqualTo(settings.request());
        assertThat(read.ca()).isEqualTo(settings.ca());
        // URLs are compared as text: URL.equals would look the host up.
        assertThat(read.account().map(URL::toString)).isEqualTo(settings.account().map(URL::toString));
        assertThat(read.challenge()).isEqualTo(challenge);
        assertThat(read.hooks()).isEqualTo(settings.hooks());
        assertThat(read.keepVersions()).isEqualTo(3);
        RenewalWindow readWindow = read.renewalInfo().orElseThrow();
        assertThat(List.of(readWindow.start(), readWindow.end(), readWindow.fetched(), readWindow.nextFetch()))
                .containsExactly(window.start(), window.end(), window.fetched(), window.nextFetch());
        assertThat(readWindow.explanation().map(URL::toString)).contains("https://127.0.0.1/docs/ari");
        assertThat(read.origin()).contains(LineageOrigin.discovered("docker"));
    }

    @Test
    void theOriginIsWrittenAsOneWordAndSettingsOfEachOriginReadBack() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        for (LineageOrigin origin : List.of(LineageOrigin.CERTONLY, LineageOrigin.CERTIFICATES_FILE,
                LineageOrigin.discovered("docker"))) {
            store.save(minimal().withOrigin(origin));

            assertThat(Files.readString(store.file("example.test"))).contains("\"origin\": \"" + origin.value() + "\"");
            assertThat(store.find("example.test")).contains(minimal().withOrigin(origin));
        }
    }

    @Test
    void settingsWrittenBeforeOriginsWereRecordedHaveNone() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal().withOrigin(LineageOrigin.CERTONLY));
        Path file = store.file("example.test");
        Files.writeString(file, Files.readString(file).replace(",\n  \"origin\": \"certonly\"", ""));
        assertThat(Files.readString(file)).doesNotContain("origin");

        assertThat(store.find("example.test").orElseThrow().origin()).isEmpty();
    }

    @Test
    void anOriginIsOneWordAndADiscoverySourceCannotPassForTheOthers() {
        assertThatThrownBy(() -> new LineageOrigin("Docker labels")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a lineage origin");
        assertThatThrownBy(() -> LineageOrigin.discovered("certonly")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineageOrigin.discovered("certificates-file")).isInstanceOf(IllegalArgumentException.class);
        assertThat(LineageOrigin.CERTONLY.describe()).isEqualTo("certonly");
        assertThat(LineageOrigin.CERTIFICATES_FILE.describe()).isEqualTo("the certificates file");
        assertThat(LineageOrigin.discovered("docker").describe()).isEqualTo("the docker source");
        assertThat(LineageOrigin.discovered("docker").isDiscovery()).isTrue();
        assertThat(LineageOrigin.CERTONLY.isDiscovery()).isFalse();
        assertThat(LineageOrigin.CERTIFICATES_FILE.isDiscovery()).isFalse();
    }

    @Test
    void roundTripsWhatIsLeftOut() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        RenewalSettings settings = minimal();

        store.save(settings);

        assertThat(store.find("example.test")).contains(settings);
    }

    @Test
    void aPlainHttpCaKeepsTheOptInAndALoopbackOneNeedsNone() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        RenewalSettings loopback = minimal();
        loopback = new RenewalSettings(loopback.request(), CertificateAuthority.of("http://127.0.0.1:14000/dir"),
                loopback.account(), loopback.challenge(), loopback.hooks(), loopback.keepVersions(), loopback.renewalInfo());
        store.save(loopback);
        assertThat(Files.readString(store.file("example.test"))).doesNotContain("plaintextAllowed");
        assertThat(store.find("example.test").orElseThrow().ca()).isEqualTo(loopback.ca());

        RenewalSettings allowed = new RenewalSettings(loopback.request(),
                CertificateAuthority.of("http://ca.example.test/dir").allowingPlaintext(), loopback.account(),
                loopback.challenge(), loopback.hooks(), loopback.keepVersions(), loopback.renewalInfo());
        store.save(allowed);
        assertThat(store.find("example.test").orElseThrow().ca().plaintextAllowed()).isTrue();
    }

    @Test
    void theFileIsTheOwnersAloneInADirectoryOfTheOwnersAlone() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);

        store.save(minimal());

        assertThat(store.file("example.test")).isEqualTo(dir.resolve("certkeeper/example.test.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file("example.test")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("certkeeper")))).isEqualTo("rwx------");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "a domain that is no name     | \"www.example.test\"          | \"exa mple\"                 | field 'domains'",
        "a port that is no number     | \"port\": 80                  | \"port\": \"eighty\"         | field 'challenge'",
        "an unknown challenge method  | \"standalone\"                | \"dns\"                      | field 'challenge'",
        "a key type of three words    | \"ecdsa secp256r1\"           | \"ecdsa secp256r1 extra\"    | field 'key'",
        "a server that is no URL      | \"https://127.0.0.1:14000/dir\" | \"no such preset\"         | field 'server'",
        "a missing name               | \"name\":                     | \"label\":                   | field 'name'",
        "fewer than one version kept  | \"keepVersions\": 10          | \"keepVersions\": 0          | field 'keepVersions'",
        "an origin that is no word    | \"origin\": null            | \"origin\": \"Cert Only\"    | field 'origin'",
    })
    void aDamagedFileNamesTheFieldAndTheFile(String what, String from, String to, String expected) throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Path file = store.file("example.test");
        String text = Files.readString(file);
        assertThat(text).as("the fixture holds what the case changes").contains(from);
        Files.writeString(file, text.replace(from, to));

        assertThatThrownBy(() -> store.find("example.test"))
                .isInstanceOf(StoreIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("damaged").hasMessageContaining(expected)
                .satisfies(e -> assertThat(((StoreIOException) e).path()).isEqualTo(file));
    }

    /** A settings file names commands renewals run as root: a planted or writable one is never read. */
    @Test
    void aSettingsFileItsGroupMayWriteIsRefusedWithTheFix() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Path file = store.file("example.test");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

        assertThatThrownBy(() -> store.find("example.test"))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessage("Refusing the renewal settings " + file + ": " + file
                        + " is writable by its group (rw-rw----); run chmod g-w " + file);
    }

    @Test
    void aSettingsDirectoryItsGroupMayWriteIsRefusedForReadingAndWriting() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Path settingsDir = dir.resolve("certkeeper");
        Files.setPosixFilePermissions(settingsDir, PosixFilePermissions.fromString("rwxrwx---"));

        assertThatThrownBy(() -> store.find("example.test"))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageEndingWith(settingsDir + " is writable by its group (rwxrwx---); run chmod g-w " + settingsDir);
        assertThatThrownBy(() -> store.save(minimal()))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageStartingWith("Refusing the renewal settings directory " + settingsDir + ": ");
    }

    @Test
    void aConfigDirectoryOthersMayWriteIsRefusedBeforeItsSettingsAreRead() throws Exception {
        Path config = Files.createDirectory(dir.resolve("config"));
        RenewalSettingsStore store = new RenewalSettingsStore(config);
        store.save(minimal());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xrwx"));

        assertThatThrownBy(() -> store.find("example.test"))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageEndingWith(config + " is writable by others (rwxr-xrwx); run chmod o-w " + config);
    }

    @Test
    void aFileThatIsNoJsonSaysSo() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Files.writeString(store.file("example.test"), "{ \"version\": 1, ");

        assertThatThrownBy(() -> store.find("example.test")).isInstanceOf(StoreIOException.class)
                .hasMessageContaining("it is not JSON");
    }

    @Test
    void aFileOfANewerVersionIsRefused() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Path file = store.file("example.test");
        Files.writeString(file, Files.readString(file).replace("\"version\": 1", "\"version\": 2"));

        assertThatThrownBy(() -> store.find("example.test")).isInstanceOf(StoreIOException.class)
                .hasMessageContaining("field 'version'").hasMessageContaining("written by a newer certkeeper (version 2)");
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerCertkeeperCanAddSome() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        store.save(minimal());
        Path file = store.file("example.test");
        Files.writeString(file, Files.readString(file).replace("\"version\": 1,", "\"version\": 1, \"future\": {\"x\": [1]},"));

        assertThat(store.find("example.test")).contains(minimal());
    }

    @Test
    void absentSettingsAreEmptyAndDeleteRemovesThem() throws Exception {
        RenewalSettingsStore store = new RenewalSettingsStore(dir);
        assertThat(store.find("example.test")).isEmpty();
        store.delete("example.test"); // nothing to delete is no error

        store.save(minimal());
        store.delete("example.test");

        assertThat(store.file("example.test")).doesNotExist();
        assertThat(store.find("example.test")).isEmpty();
    }

    @Test
    void aNameThatCannotBeALineageIsRefused() {
        assertThatThrownBy(() -> new RenewalSettingsStore(dir).file("../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    private static RenewalSettings minimal() {
        return new RenewalSettings(new CertificateRequest("example.test", List.of(APEX, WWW), KeySpec.EC_P256),
                CertificateAuthority.of("https://127.0.0.1:14000/dir"), Optional.empty(),
                new ChallengeMethod.Standalone(Optional.empty(), 80), LineageHooks.NONE,
                RenewalSettings.DEFAULT_KEEP_VERSIONS, Optional.empty());
    }

    private static URL url(String text) throws Exception {
        return URI.create(text).toURL();
    }
}
