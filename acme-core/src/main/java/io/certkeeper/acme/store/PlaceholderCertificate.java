package io.certkeeper.acme.store;

import io.certkeeper.acme.DomainName;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The short-lived self-signed certificate that stands in for a lineage until the CA has issued
 * its first one, so that a web server configured with {@code live/<name>/fullchain.pem} can start
 * before then. No client trusts it; it only lets the server start, and answer HTTP-01 on port 80.
 *
 * <p>It carries the names of the request (DNS and IP subject alternative names), the first as
 * subject CN when it fits the 64 characters X.509 allows, and {@value #ORGANIZATION} as
 * organisation of both subject and issuer. {@link #isPlaceholder} recognises it by that marker
 * <em>and</em> by its signature verifying with its own key: a certificate a CA issued is signed
 * by the CA's key, so it never passes, whatever its subject says.
 *
 * <p>Stateless and thread-safe.
 */
public final class PlaceholderCertificate {

    /** The organisation (O) of a placeholder's subject and issuer. */
    public static final String ORGANIZATION = "certkeeper placeholder";

    /** How long before its creation a placeholder becomes valid, for clocks a little behind ours. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private static final int MAX_COMMON_NAME = 64;
    private static final int SERIAL_BITS = 127;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PlaceholderCertificate() {
    }

    /**
     * Creates a placeholder for the names, signed with its own key.
     *
     * @param key the certificate's key pair
     * @param names the names, the first becoming the subject CN
     * @param now the time of creation; the certificate is valid from {@link #BACKDATE} before it
     * @param validity how long after {@code now} it stays valid
     * @return the certificate
     * @throws IllegalArgumentException if there is no name or the validity is not positive
     */
    static X509Certificate create(KeyPair key, List<DomainName> names, Instant now, Duration validity) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a placeholder needs at least one name");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a placeholder's validity must be positive, not " + validity);
        }
        X500Name subject = subject(names.get(0));
        Instant start = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        GeneralName[] sans = names.stream().map(name -> new GeneralName(
                name.isIpAddress() ? GeneralName.iPAddress : GeneralName.dNSName, name.value())).toArray(GeneralName[]::new);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(SERIAL_BITS, RANDOM).add(BigInteger.ONE), Date.from(start), Date.from(end), subject,
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            // No key usage extension: with one lacking keyCertSign, OpenSSL would not count the
            // certificate as self-signed, and could not even trust it explicitly.
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.getPrivate())));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot create a placeholder certificate with a "
                    + key.getPublic().getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a certificate is a placeholder made by certkeeper rather than one a CA issued:
     * self-signed (issuer equal to subject, signature verifying with its own public key) with the
     * organisation {@value #ORGANIZATION}.
     *
     * @param certificate the certificate, such as a lineage's leaf
     * @return {@code true} for a placeholder
     */
    public static boolean isPlaceholder(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        RDN[] organizations = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.O);
        if (organizations.length != 1 || !(organizations[0].getFirst().getValue() instanceof ASN1String organization)
                || !ORGANIZATION.equals(organization.getString())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X500Name subject(DomainName first) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (first.value().length() <= MAX_COMMON_NAME) {
            subject.addRDN(BCStyle.CN, first.value());
        }
        return subject.addRDN(BCStyle.O, ORGANIZATION).build();
    }

    private static String signatureAlgorithm(KeyPair key) {
        return switch (key.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("no placeholder for a " + key.getPublic().getAlgorithm() + " key");
        };
    }
}
