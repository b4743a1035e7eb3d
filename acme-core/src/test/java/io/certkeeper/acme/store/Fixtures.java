package io.certkeeper.acme.store;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Certificates to save, and ways to look at what the store left on disk. */
final class Fixtures {

    static final TestPki PKI = new TestPki("Store Test Root");

    private Fixtures() {
    }

    /** A fresh key and a chain for it: leaf, then the test root. */
    record Issued(KeyPair key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    static Issued issue(String... names) {
        KeyPair key = KeySpec.EC_P256.generate();
        Instant now = Instant.now();
        X509Certificate leaf = PKI.issue(key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), names);
        return new Issued(key, List.of(leaf, PKI.caCertificate()));
    }

    static String mode(Path path) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every file name below a directory that looks like a temporary file of ours. */
    static List<Path> temporaries(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".certkeeper-tmp-")).toList();
        }
    }
}
