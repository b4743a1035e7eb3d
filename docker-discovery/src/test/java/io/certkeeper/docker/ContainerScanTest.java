package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.discovery.DiscoveryRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContainerScanTest {

    private static final DiscoveryRules ALLOWED = DiscoveryRules.allowing(AllowedDomains.of("*.example.com",
            "*.a.example.com", "*.c.example.com", "2001:db8::1"));

    @Test
    void domainsLabelAsksForACertificateNamedAfterItsFirstName() {
        ContainerScan scan = scan(container("web", Map.of("certkeeper.domains", "a.example.com, www.a.example.com")));

        assertThat(scan.certificates()).containsExactly(new DiscoveredCertificate("a.example.com",
                domains("a.example.com", "www.a.example.com"), Optional.empty(), "container web"));
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void nameAndKeyTypeLabelsAreRead() {
        ContainerScan scan = scan(
                container("b", Map.of("certkeeper.domains", "b.example.com", "certkeeper.name", "bee",
                        "certkeeper.key-type", "rsa")),
                container("c", Map.of("certkeeper.domains", "c.example.com", "certkeeper.key-type", " ECDSA ")));

        assertThat(scan.certificates()).containsExactly(
                new DiscoveredCertificate("bee", domains("b.example.com"), Optional.of(KeySpec.RSA_2048), "container b"),
                new DiscoveredCertificate("c.example.com", domains("c.example.com"), Optional.of(KeySpec.EC_P256),
                        "container c"));
    }

    @Test
    void virtualHostLabelOfTheReplacedSetupCountsAndIsMergedWithDomains() {
        ContainerScan scan = scan(
                container("legacy", Map.of("nginx-virtual-host", "legacy.example.com")),
                container("both", Map.of("certkeeper.domains", "c.example.com",
                        "nginx-virtual-host", "c.example.com,www.c.example.com")));

        assertThat(scan.certificates()).containsExactly(
                new DiscoveredCertificate("c.example.com", domains("c.example.com", "www.c.example.com"),
                        Optional.empty(), "container both"),
                new DiscoveredCertificate("legacy.example.com", domains("legacy.example.com"), Optional.empty(),
                        "container legacy"));
    }

    @Test
    void namesAreNormalisedAndAnIpv6AddressGetsAValidLineageName() {
        ContainerScan scan = scan(container("v6", Map.of("certkeeper.domains", "2001:DB8::1,WWW.Example.COM.")));

        assertThat(scan.certificates()).containsExactly(new DiscoveredCertificate("2001-db8--1",
                domains("2001:db8::1", "www.example.com"), Optional.empty(), "container v6"));
    }

    @Test
    void containersWithoutCertificateLabelsAskForNothing() {
        ContainerScan scan = scan(container("plain", Map.of()),
                container("nginx", Map.of("certkeeper.reload-signal", "HUP", "maintainer", "someone")));

        assertThat(scan.certificates()).isEmpty();
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void aContainerWithAnInvalidLabelIsSkippedWithItsProblemAndTheOthersAreKept() {
        ContainerScan scan = scan(
                container("wild", Map.of("certkeeper.domains", "*.example.com")),
                container("good", Map.of("certkeeper.domains", "good.example.com")),
                container("badkey", Map.of("certkeeper.domains", "k.example.com", "certkeeper.key-type", "dsa")),
                container("badname", Map.of("certkeeper.domains", "n.example.com", "certkeeper.name", "../etc")),
                container("badhost", Map.of("nginx-virtual-host", "ok.example.com,not a host")),
                container("empty", Map.of("certkeeper.domains", " , ")),
                container("nameonly", Map.of("certkeeper.name", "lonely")));

        assertThat(scan.certificates()).extracting(DiscoveredCertificate::name).containsExactly("good.example.com");
        assertThat(scan.problems()).containsExactly(
                "skipping container wild: label certkeeper.domains: '*.example.com' is a wildcard; HTTP-01 cannot "
                        + "validate wildcards (they need DNS-01)",
                "skipping container badkey: label certkeeper.key-type: unsupported key type 'dsa'; use ecdsa or rsa",
                "skipping container badname: label certkeeper.name: '../etc' is not a valid certificate name: use 1 "
                        + "to 255 letters, digits, dots, hyphens or underscores, starting with a letter or digit and "
                        + "without '..'",
                "skipping container badhost: label nginx-virtual-host: 'not a host' is not a valid domain name: it "
                        + "contains characters a hostname cannot have",
                "skipping container empty: label certkeeper.domains names no domain",
                "skipping container nameonly: label certkeeper.name without certkeeper.domains: say which names the "
                        + "certificate is for");
    }

    @Test
    void aProblemIsOneLineEvenWhenTheLabelHasLineBreaks() {
        ContainerScan scan = scan(container("evil", Map.of("certkeeper.domains", "a.example.com",
                "certkeeper.key-type", "rsa\nWARN forged line")));

        assertThat(scan.problems()).singleElement().asString().doesNotContain("\n").contains("rsa\\u000AWARN");
    }

    @Test
    void withMergingContainersAskingForTheSameLineageShareItInOrderWithoutDuplicates() {
        ContainerScan scan = merged(
                container("s1", Map.of("certkeeper.domains", "x1.example.com", "certkeeper.name", "shared")),
                container("s2", Map.of("certkeeper.domains", "x2.example.com,x1.example.com",
                        "certkeeper.name", "shared", "certkeeper.key-type", "rsa")));

        assertThat(scan.certificates()).containsExactly(new DiscoveredCertificate("shared",
                domains("x1.example.com", "x2.example.com"), Optional.of(KeySpec.RSA_2048), "containers s1, s2"));
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void aConflictingKeyTypeKeepsTheFirstContainersWithAProblem() {
        ContainerScan scan = merged(
                container("first", Map.of("certkeeper.domains", "a.example.com", "certkeeper.key-type", "ecdsa")),
                container("second", Map.of("certkeeper.domains", "www.a.example.com", "certkeeper.name", "a.example.com",
                        "certkeeper.key-type", "rsa")));

        assertThat(scan.certificates()).containsExactly(new DiscoveredCertificate("a.example.com",
                domains("a.example.com", "www.a.example.com"), Optional.of(KeySpec.EC_P256), "containers first, second"));
        assertThat(scan.problems()).containsExactly("container second asks for certificate a.example.com with key type "
                + "rsa 2048, another container for ecdsa secp256r1: keeping ecdsa secp256r1");
    }

    @Test
    void aContainerThatWouldPushALineagePastOneHundredNamesIsSkipped() {
        List<String> many = IntStream.range(0, 100).mapToObj(i -> "n" + i + ".example.com").toList();
        ContainerScan scan = merged(
                container("big", Map.of("certkeeper.domains", String.join(",", many), "certkeeper.name", "big")),
                container("more", Map.of("certkeeper.domains", "extra.example.com", "certkeeper.name", "big")));

        assertThat(scan.certificates()).singleElement().satisfies(c -> {
            assertThat(c.domains()).hasSize(100);
            assertThat(c.origin()).isEqualTo("container big");
        });
        assertThat(scan.problems()).containsExactly("skipping container more: certificate big would have 101 names "
                + "with those of containers big, more than the 100 one certificate can have");
    }

    @Test
    void theResultIsSortedByLineageName() {
        ContainerScan scan = scan(
                container("z", Map.of("certkeeper.domains", "z.example.com")),
                container("a", Map.of("certkeeper.domains", "a.example.com")),
                container("m", Map.of("certkeeper.domains", "m.example.com")));

        assertThat(scan.certificates()).extracting(DiscoveredCertificate::name)
                .containsExactly("a.example.com", "m.example.com", "z.example.com");
    }

    @Test
    void aContainerAskingForANameOutsideTheAllowedDomainsIsSkippedWholeWithTheName() {
        ContainerScan scan = ContainerScan.of(List.of(
                container("evil", Map.of("certkeeper.domains", "shop.example.com,evil.test,x.y.example.com")),
                container("good", Map.of("certkeeper.domains", "good.example.com,example.com"))),
                DiscoveryRules.allowing(AllowedDomains.of("example.com", "*.example.com")));

        assertThat(scan.certificates()).containsExactly(new DiscoveredCertificate("good.example.com",
                domains("good.example.com", "example.com"), Optional.empty(), "container good"));
        assertThat(scan.problems()).containsExactly("skipping container evil: it asks for certificate shop.example.com "
                + "with names outside the allowed domains: evil.test, x.y.example.com");
    }

    @Test
    void byDefaultNoContainerGetsACertificate() {
        ContainerScan scan = ContainerScan.of(List.of(container("web", Map.of("certkeeper.domains", "a.example.com")),
                container("nginx", Map.of("certkeeper.reload-signal", "HUP"))), DiscoveryRules.NONE);

        assertThat(scan.certificates()).isEmpty();
        assertThat(scan.problems()).containsExactly("skipping container web: it asks for certificate a.example.com "
                + "(a.example.com), but no domain is allowed for containers");
    }

    @Test
    void withoutMergingTheOldestContainersRequestForALineageStandsAndTheOthersAreSkipped() {
        ContainerScan scan = scan(
                container("old", Map.of("certkeeper.domains", "x1.example.com", "certkeeper.name", "shared")),
                container("new", Map.of("certkeeper.domains", "x2.example.com", "certkeeper.name", "shared")),
                container("newer", Map.of("certkeeper.domains", "x1.example.com,x3.example.com")),
                container("newest", Map.of("certkeeper.domains", "x1.example.com")));

        assertThat(scan.certificates()).containsExactly(
                new DiscoveredCertificate("shared", domains("x1.example.com"), Optional.empty(), "container old"),
                new DiscoveredCertificate("x1.example.com", domains("x1.example.com", "x3.example.com"), Optional.empty(),
                        "container newer"));
        assertThat(scan.problems()).containsExactly(
                "skipping container new: certificate shared is already asked for by container old, which is older; "
                        + "containers share a certificate only when merging names is on",
                "skipping container newest: certificate x1.example.com is already asked for by container newer, which "
                        + "is older; containers share a certificate only when merging names is on");
    }

    private static ContainerScan scan(ContainerLabels... containers) {
        return ContainerScan.of(new ArrayList<>(Arrays.asList(containers)), ALLOWED);
    }

    private static ContainerScan merged(ContainerLabels... containers) {
        return ContainerScan.of(new ArrayList<>(Arrays.asList(containers)), ALLOWED.withMergeNames(true));
    }

    private static ContainerLabels container(String name, Map<String, String> labels) {
        return new ContainerLabels("id-" + name, name, labels);
    }

    private static List<DomainName> domains(String... names) {
        return Arrays.stream(names).map(DomainName::of).toList();
    }
}
