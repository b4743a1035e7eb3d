package io.certkeeper.acme.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: a self-signed root that issues leaf certificates
 * for DNS names and IP addresses. Used for Pebble's listener certificate and for certificates in
 * store tests.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final KeyPair caKey;
    private final X509Certificate caCertificate;

    /**
     * Creates a new root CA valid for a day.
     *
     * @param commonName the root's CN
     */
    public TestPki(String commonName) {
        this.caKey = TestPem.ecP256();
        Instant now = Instant.now();
        this.caCertificate = build(new X500Name("CN=" + commonName), caKey, new X500Name("CN=" + commonName),
                caKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), true, List.of());
    }

    /**
     * The root certificate, to trust.
     *
     * @return the CA certificate
     */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /**
     * Issues a leaf certificate.
     *
     * @param key the leaf's key pair
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @param names DNS names or IP literals for the subject alternative name
     * @return the leaf certificate
     */
    public X509Certificate issue(KeyPair key, Instant notBefore, Instant notAfter, String... names) {
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            sans.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
        }
        return build(new X500Name("CN=" + names[0]), key, new X500Name(caCertificate.getSubjectX500Principal().getName()),
                caKey, notBefore, notAfter, false, sans);
    }

    private static boolean isIpLiteral(String name) {
        if (!name.matches("[0-9.]+|.*:.*")) {
            return false;
        }
        try {
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, List<GeneralName> sans) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            String algorithm = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot build test certificate", e);
        }
    }
}
