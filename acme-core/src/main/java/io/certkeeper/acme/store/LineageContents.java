package io.certkeeper.acme.store;

import io.certkeeper.acme.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes of the four files of one version, encoded before anything touches the disk, so that
 * bad input fails before the first write.
 *
 * @param files the content of each kind of file
 */
record LineageContents(Map<Kind, byte[]> files) {

    LineageContents {
        files = Map.copyOf(files);
        if (files.size() != Kind.values().length) {
            throw new IllegalArgumentException("contents for every kind of file are needed, got " + files.keySet());
        }
    }

    /**
     * Encodes a key and its chain the way certbot lays them out.
     *
     * @throws IllegalArgumentException if the chain is empty or the key does not belong to its leaf
     */
    static LineageContents encode(PrivateKey key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        List<X509Certificate> certificates = List.copyOf(chain);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the chain must contain at least the leaf certificate");
        }
        if (!Pem.matches(key, certificates.get(0).getPublicKey())) {
            throw new IllegalArgumentException("the private key does not belong to the leaf certificate "
                    + certificates.get(0).getSubjectX500Principal().getName());
        }
        Map<Kind, byte[]> files = new EnumMap<>(Kind.class);
        files.put(Kind.CERT, ascii(Pem.encodeCertificates(certificates.subList(0, 1))));
        files.put(Kind.CHAIN, ascii(Pem.encodeCertificates(certificates.subList(1, certificates.size()))));
        files.put(Kind.FULLCHAIN, ascii(Pem.encodeCertificates(certificates)));
        files.put(Kind.PRIVKEY, ascii(Pem.encodePrivateKey(key)));
        return new LineageContents(files);
    }

    byte[] of(Kind kind) {
        return files.get(kind);
    }

    private static byte[] ascii(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
