package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesFileParserTest {

    @TempDir
    Path dir;

    private Path www;

    @BeforeEach
    void webroot() throws IOException {
        www = Files.createDirectories(dir.resolve("www"));
    }

    private CertificatesFile parse(String yaml) throws Exception {
        Path file = dir.resolve("certificates.yml");
        Files.writeString(file, yaml);
        return new CertificatesFileParser(dir.resolve("default-config")).parse(file);
    }

    private String error(String yaml) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
        assertThat(thrown).isInstanceOf(CertificatesFileException.class);
        return thrown.getMessage();
    }

    @Test
    void readsEveryGlobalAndPerCertificateSetting() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        CertificatesFile file = parse("""
                ca: https://ca.test:14000/dir
                ca_bundle: ca.pem
                email: admin@example.com
                agree_tos: true
                config_dir: etc
                concurrency: 2
                key_type: rsa
                challenge: {webroot: www}
                placeholder: true
                responder: {address: 127.0.0.1, port: 8080, redirect_https: true}
                reload: {signal: SIGHUP, pidfile: /run/nginx.pid}
                docker: {allowed_domains: [Example.COM, "*.example.com", "*.apps.example.com, 192.0.2.1"], merge_names: true}
                certificates:
                  - name: site
                    domains: [a.example.com, www.a.example.com]
                    key_type: ecdsa
                    elliptic_curve: secp384r1
                    profile: shortlived
                    preferred_chain: Root X2
                    reuse_key: true
                    placeholder: false
                    deploy_hook: nginx -s reload
                    keep_versions: 3
                  - domains: b.example.com
                    challenge: standalone
                  - domains: c.example.com, d.example.com
                    challenge: {manual: {auth_hook: /bin/auth.sh, cleanup_hook: /bin/clean.sh}}
                """);
        assertThat(file.ca()).isEqualTo(CertificateAuthority.of("https://ca.test:14000/dir").withCaBundle(dir.resolve("ca.pem")));
        assertThat(file.email()).contains("admin@example.com");
        assertThat(file.agreeTos()).isTrue();
        assertThat(file.configDir()).isEqualTo(dir.resolve("etc"));
        assertThat(file.concurrency()).isEqualTo(2);
        assertThat(file.responder()).isEqualTo(new ResponderSettings(Optional.of("127.0.0.1"), 8080, true));
        assertThat(file.reload()).contains(new ReloadSignal("HUP", Path.of("/run/nginx.pid"), "nginx"));
        assertThat(file.defaults().keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(file.defaults().placeholder()).isTrue();
        assertThat(file.docker()).isEqualTo(new DiscoveryRules(
                AllowedDomains.of("example.com", "*.example.com", "*.apps.example.com", "192.0.2.1"), true));

        FleetCertificate site = file.certificates().get(0);
        assertThat(site.name()).isEqualTo("site");
        assertThat(site.origin()).isEqualTo("certificates.yml:14");
        assertThat(site.settings().origin()).contains(LineageOrigin.CERTIFICATES_FILE);
        assertThat(site.placeholder()).isFalse();
        assertThat(site.settings().request().domains()).extracting(DomainName::value).containsExactly("a.example.com", "www.a.example.com");
        assertThat(site.settings().request().keySpec()).isEqualTo(KeySpec.EC_P384);
        assertThat(site.settings().request().profile()).contains("shortlived");
        assertThat(site.settings().request().preferredChain()).contains("Root X2");
        assertThat(site.settings().request().reuseKey()).isTrue();
        assertThat(site.settings().hooks().deploy()).contains("nginx -s reload");
        assertThat(site.settings().keepVersions()).isEqualTo(3);
        assertThat(site.settings().challenge()).isEqualTo(new ChallengeMethod.Webroot(java.util.Map.of(
                DomainName.of("a.example.com"), www, DomainName.of("www.a.example.com"), www)));

        FleetCertificate standalone = file.certificates().get(1);
        assertThat(standalone.name()).isEqualTo("b.example.com");
        assertThat(standalone.placeholder()).isTrue();
        assertThat(standalone.settings().request().keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(standalone.settings().challenge()).isEqualTo(new ChallengeMethod.Standalone(Optional.of("127.0.0.1"), 8080));

        FleetCertificate manual = file.certificates().get(2);
        assertThat(manual.settings().request().domains()).extracting(DomainName::value).containsExactly("c.example.com", "d.example.com");
        assertThat(manual.settings().challenge()).isEqualTo(new ChallengeMethod.Manual("/bin/auth.sh", Optional.of("/bin/clean.sh")));
    }

    @Test
    void aMinimalFileGetsTheDefaults() throws Exception {
        CertificatesFile file = parse("certificates:\n  - domains: [example.com]\n");
        assertThat(file.ca()).isEqualTo(CertificateAuthority.of("letsencrypt"));
        assertThat(file.configDir()).isEqualTo(dir.resolve("default-config"));
        assertThat(file.concurrency()).isEqualTo(4);
        assertThat(file.responder()).isEqualTo(ResponderSettings.DEFAULT);
        assertThat(file.reload()).isEmpty();
        assertThat(file.agreeTos()).isFalse();
        assertThat(file.docker()).as("no container may ask for anything").isEqualTo(DiscoveryRules.NONE);
        FleetCertificate only = file.certificates().get(0);
        assertThat(only.name()).isEqualTo("example.com");
        assertThat(only.placeholder()).isFalse();
        assertThat(only.settings().request().keySpec()).isEqualTo(KeySpec.EC_P256);
        assertThat(only.settings().challenge()).isEqualTo(new ChallengeMethod.Standalone(Optional.empty(), 80));
    }

    @Test
    void dockerKeysAreCheckedWithTheirLine() {
        assertThat(error("certificates: []\ndocker: {allowed_domains: ['*']}\n")).isEqualTo(dir.resolve("certificates.yml")
                + ":2: docker.allowed_domains: allowed domain '*' is not a name or *.NAME: a wildcard stands only as the "
                + "first label, such as *.example.com");
        assertThat(error("certificates: []\ndocker:\n  allowed_domains: ['*.com']\n")).startsWith(
                dir.resolve("certificates.yml") + ":3: docker.allowed_domains: allowed domain '*.com' would allow every name");
        assertThat(error("certificates: []\ndocker: {allowed_domains: [example.com], merge_names: yes please}\n"))
                .contains(":2: docker.merge_names: must be true or false");
        assertThat(error("certificates: []\ndocker: {allowed_domain: [example.com]}\n"))
                .contains(":2: docker.allowed_domain: is not a known setting; docker takes allowed_domains, merge_names");
    }

    @Test
    void aFileWithNoCertificatesIsValidForDiscovery() throws Exception {
        assertThat(parse("challenge: {webroot: www}\ncertificates: []\n").certificates()).isEmpty();
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertThat(error("email: a@example.com\nagree_to: true\ncertificates: []\n"))
                .startsWith(dir.resolve("certificates.yml") + ":2: agree_to: is not a known setting")
                .contains("agree_tos");
        assertThat(error("certificates:\n  - domains: [a.example.com]\n    deploy-hook: x\n"))
                .contains(":3: certificates[1].deploy-hook: is not a known setting");
    }

    @Test
    void anInvalidNameIsNamedWithItsLineAndField() {
        assertThat(error("certificates:\n  - domains: [a.example.com]\n  - domains: ['*.example.com']\n"))
                .contains(":3: certificates[2].domains: ")
                .containsIgnoringCase("wildcard");
        assertThat(error("certificates:\n  - name: ../etc\n    domains: [a.example.com]\n"))
                .contains(":2: certificates[1].name: '../etc' is not a certificate name");
        assertThat(error("certificates:\n  - name: x\n")).contains(":2: certificates[1]: needs domains");
    }

    @Test
    void twoCertificatesWithOneNameAreRefused() {
        assertThat(error("certificates:\n  - domains: [a.example.com]\n  - domains: [a.example.com, b.example.com]\n"))
                .contains(":3: certificates[2]: name 'a.example.com' is already used at certificates.yml:2");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThat(error("email: a@example.com\nemail: b@example.com\ncertificates: []\n"))
                .contains(":2: email: appears twice");
    }

    @Test
    void valuesOfTheWrongShapeAreRefused() {
        assertThat(error("concurrency: many\ncertificates: []\n")).contains(":1: concurrency: must be a whole number from 1 to 64");
        assertThat(error("agree_tos: yes please\ncertificates: []\n")).contains(":1: agree_tos: must be true or false");
        assertThat(error("key_type: dsa\ncertificates: []\n")).contains(":1: key_type: ");
        assertThat(error("certificates: {a: b}\n")).contains(":1: certificates: must be a list");
        assertThat(error("email: [a, b]\ncertificates: []\n")).contains(":1: email: must be a single value, not a list");
        assertThat(error("email: not-an-address\ncertificates: []\n")).contains(":1: email: ");
        assertThat(error("ca: nosuchpreset\ncertificates: []\n")).contains(":1: ca: ");
    }

    @Test
    void challengesAreChecked() {
        assertThat(error("challenge: {webroot: missing}\ncertificates: []\n"))
                .contains(":1: challenge.webroot: " + dir.resolve("missing") + " does not exist");
        assertThat(error("challenge: dns\ncertificates: []\n")).contains(":1: challenge: must be standalone, {webroot: DIR}");
        assertThat(error("challenge: {webroot: www, manual: {auth_hook: x}}\ncertificates: []\n")).contains("exactly one");
        assertThat(error("challenge: {manual: {cleanup_hook: x}}\ncertificates: []\n"))
                .contains(":1: challenge.manual: needs auth_hook");
    }

    @Test
    void reloadNeedsAPidfileAndASignalAServerReloadsOn() {
        assertThat(error("reload: {signal: HUP}\ncertificates: []\n")).contains(":1: reload: needs pidfile");
        assertThat(error("reload: {signal: KILL, pidfile: /run/x.pid}\ncertificates: []\n"))
                .contains(":1: reload.signal: 'KILL' is not a signal certkeeper sends");
    }

    @Test
    void reloadNamesTheProgramExpectedBehindThePid() throws Exception {
        assertThat(parse("reload: {pidfile: /run/haproxy.pid, process: haproxy}\ncertificates: []\n").reload())
                .contains(new ReloadSignal("HUP", Path.of("/run/haproxy.pid"), "haproxy"));
        assertThat(parse("reload: {pidfile: /run/nginx.pid}\ncertificates: []\n").reload().orElseThrow().process())
                .as("nginx unless told").isEqualTo("nginx");
        assertThat(error("reload: {pidfile: /run/x.pid, process: /usr/sbin/nginx}\ncertificates: []\n"))
                .contains(":1: reload.process: '/usr/sbin/nginx' is not a program's name");
    }

    @Test
    void aFileOthersMayChangeIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("certificates.yml");
        Files.writeString(file, "certificates: []\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThatThrownBy(() -> new CertificatesFileParser(dir).parse(file)).isInstanceOf(CertificatesFileException.class)
                .hasMessage(file + ": refused, since its hooks run as certkeeper's user: " + file
                        + " is writable by its group (rw-rw-r--); run chmod g-w " + file);
    }

    @Test
    void aCaBundleOrPidfileOthersMayChangeIsRefusedWithTheFix() throws Exception {
        Path bundle = Files.writeString(dir.resolve("ca.pem"), "x");
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw-r--rw-"));
        assertThat(error("ca_bundle: " + bundle + "\ncertificates: []\n"))
                .endsWith(":1: ca_bundle: refused, as " + bundle + " is writable by others (rw-r--rw-); run chmod o-w " + bundle);

        Path run = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(error("reload: {pidfile: " + run.resolve("nginx.pid") + "}\ncertificates: []\n"))
                .as("judged by its directory before it exists")
                .endsWith(":1: reload.pidfile: refused, as " + run + " is writable by its group (rwxrwxr-x); run chmod g-w " + run);
    }

    @Test
    void aPlainHttpCaElsewhereThanLoopbackNeedsRunInsecure() throws Exception {
        assertThat(error("ca: http://ca.example.test/dir\ncertificates: []\n"))
                .contains(":1: ca: http://ca.example.test/dir is plain HTTP to a host that is not loopback")
                .endsWith("use the CA's https:// URL, or pass run --insecure to accept plaintext");
        assertThat(parse("ca: http://127.0.0.1:14000/dir\ncertificates: []\n").ca().plaintextAllowed())
                .as("loopback needs no opt-in").isFalse();

        Path file = Files.writeString(dir.resolve("certificates.yml"), "ca: http://ca.example.test/dir\ncertificates: []\n");
        assertThat(new CertificatesFileParser(dir, true).parse(file).ca())
                .isEqualTo(CertificateAuthority.of("http://ca.example.test/dir").allowingPlaintext());
    }

    @Test
    void brokenYamlGivesTheLine() {
        assertThat(error("certificates:\n  - domains: [a.example.com\n")).contains(dir.resolve("certificates.yml") + ":")
                .contains("not valid YAML");
        assertThat(error("")).contains("is empty");
        assertThat(error("- a\n- b\n")).contains("the file: must be a mapping");
    }

    @Test
    void aMissingFileSaysHowToPassOne() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
                new CertificatesFileParser(dir).parse(dir.resolve("nope.yml")));
        assertThat(thrown).isInstanceOf(CertificatesFileException.class).hasMessageContaining("nope.yml: no such file")
                .hasMessageContaining("--config FILE");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("b").append(i).append(": &b").append(i).append(" [*a, *a, *a]\n");
        }
        yaml.append("certificates: []\n");
        assertThatThrownBy(() -> parse(yaml.toString())).isInstanceOf(CertificatesFileException.class);
    }

    @Test
    void domainsAcceptAListOrCommas() throws Exception {
        CertificatesFile file = parse("certificates:\n  - domains:\n      - a.example.com\n      - b.example.com, c.example.com\n");
        assertThat(file.certificates().get(0).settings().request().domains()).extracting(DomainName::value)
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
        assertThat(List.of(file.certificates().get(0).origin())).containsExactly("certificates.yml:2");
    }

    @Test
    void theExamplesParseAsTheReadmeDescribesThem() throws Exception {
        Path repository = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        Path challenge = Files.createDirectories(dir.resolve("var/www/challenge"));
        for (String example : List.of("examples/certificates.yml", "examples/docker-compose/certificates.yml")) {
            String text = Files.readString(repository.resolve(example)).replace("/var/www/challenge", challenge.toString());
            CertificatesFile file = parse(text);
            assertThat(file.configDir()).as(example).isEqualTo(Path.of("/etc/letsencrypt"));
            assertThat(file.agreeTos()).as(example).isTrue();
        }
        CertificatesFile full = parse(Files.readString(repository.resolve("examples/certificates.yml"))
                .replace("/var/www/challenge", challenge.toString()));
        assertThat(full.certificates()).extracting(FleetCertificate::name).containsExactly("example.com", "api.example.com", "legacy");
        assertThat(full.reload()).contains(new ReloadSignal("HUP", Path.of("/run/nginx.pid"), "nginx"));
        assertThat(full.certificates().get(0).placeholder()).isTrue();
        assertThat(full.docker()).isEqualTo(DiscoveryRules.allowing(AllowedDomains.of("example.com", "*.example.com")));
        CertificatesFile compose = parse(Files.readString(repository.resolve("examples/docker-compose/certificates.yml"))
                .replace("/var/www/challenge", challenge.toString()));
        assertThat(compose.defaults().placeholder()).isTrue();
        assertThat(compose.defaults().challenge()).isEqualTo(ChallengeChoice.webroot(challenge));
        assertThat(compose.docker()).isEqualTo(DiscoveryRules.allowing(AllowedDomains.of("example.com", "www.example.com")));
    }
}
