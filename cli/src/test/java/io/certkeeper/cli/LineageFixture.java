package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.testing.TestPki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Lineages and renewal settings written straight into a config directory, for commands that
 * read the store only: no CA is involved.
 *
 * @param configDir the config directory
 */
record LineageFixture(Path configDir) {

    private static final TestPki PKI = new TestPki("CLI test root");

    /** A CA nothing is ever sent to: loopback port 1 refuses every connection. */
    static final String CA = "https://127.0.0.1:1/dir";

    /** Saves a certificate for the names, valid between the two instants, as a new version of the lineage. */
    Lineage save(String name, KeySpec keySpec, Instant notBefore, Instant notAfter, String... names) throws Exception {
        KeyPair key = keySpec.generate();
        return new CertificateStore(configDir).save(name, key.getPrivate(),
                List.of(PKI.issue(key, notBefore, notAfter, names), PKI.caCertificate()));
    }

    /** Stores settings for the lineage, obtained from {@link #CA} through a webroot, with a renewal window or not. */
    RenewalSettings settings(String name, Optional<RenewalWindow> window, String... names) throws Exception {
        List<DomainName> domains = Arrays.stream(names).map(DomainName::of).toList();
        RenewalSettings settings = new RenewalSettings(new CertificateRequest(name, domains, KeySpec.EC_P256),
                CertificateAuthority.of(CA), Optional.empty(), new ChallengeMethod.Webroot(java.util.Map.of(domains.get(0),
                        Path.of("/var/www/html"))), LineageHooks.NONE, RenewalSettings.DEFAULT_KEEP_VERSIONS, window);
        new RenewalSettingsStore(configDir).save(settings);
        return settings;
    }
}
