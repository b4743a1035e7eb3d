package io.certkeeper.acme;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.store.Lineage;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.shredzone.acme4j.Metadata;

/**
 * The decisions a {@link CertificateRequest}'s options and the current lineage make about one
 * order, apart from the network so that each can be tested on its own: whether the CA offers the
 * profile, which certificate the order replaces, which key the CSR carries, which chain is kept.
 */
final class OrderOptions {

    /** Longer profile descriptions are left out of messages, which must stay one readable line. */
    private static final int MAX_DESCRIPTION = 80;

    private OrderOptions() {
    }

    /**
     * Refuses a profile the CA does not list in its directory's {@code meta.profiles}
     * (draft-aaron-acme-profiles §3), before an order is created or an account registered.
     *
     * @param metadata the CA's directory metadata
     * @param profile the profile asked for, or empty
     * @throws IllegalArgumentException if a profile is asked for and the CA does not list it; the
     *         message lists the profiles the CA does offer
     */
    static void checkProfile(Metadata metadata, Optional<String> profile) {
        if (profile.isEmpty() || metadata.isProfileAllowed(profile.get())) {
            return;
        }
        if (!metadata.isProfileAllowed()) {
            throw new IllegalArgumentException("The CA offers no certificate profiles, so it cannot issue with the profile '"
                    + profile.get() + "'; order without a profile");
        }
        List<String> offered = new ArrayList<>();
        for (String name : new TreeSet<>(metadata.getProfiles())) {
            String description = metadata.getProfileDescription(name).map(text -> text.strip().replaceAll("\\s+", " "))
                    .filter(text -> !text.isEmpty() && text.length() <= MAX_DESCRIPTION).orElse(null);
            offered.add(description == null ? name : name + " (" + description + ")");
        }
        throw new IllegalArgumentException("The CA does not offer the profile '" + profile.get() + "'; it offers "
                + String.join(", ", offered));
    }

    /**
     * The certificate a new order says it replaces (ARI, RFC 9773 §5): the current one, when the CA
     * offers renewal information. A CA without it would refuse the field, so it is left out then,
     * as it is for a placeholder, which no CA issued.
     *
     * @param caOffersRenewalInfo whether the CA's directory has {@code renewalInfo}
     * @param current the lineage being renewed, if any
     * @return the certificate to name in {@code replaces}, or empty
     */
    static Optional<X509Certificate> replaces(boolean caOffersRenewalInfo, Optional<Lineage> current) {
        // A placeholder is unknown to the CA, which would refuse the order.
        return caOffersRenewalInfo ? current.filter(lineage -> !lineage.placeholder()).map(Lineage::leaf) : Optional.empty();
    }

    /**
     * The key for the new certificate: the current lineage's, when the request asks to reuse it
     * and it is of the requested type and belongs to its certificate, which is no placeholder
     * (the key to keep is the one of the first certificate the CA issues); otherwise a new one. Every
     * reuse and every key that could not be reused is told to the listener.
     *
     * @param request the request
     * @param current the lineage being renewed, if any
     * @param listener hears which key is used when the request asked for reuse
     * @return the key pair to finalize with
     */
    static KeyPair keyFor(CertificateRequest request, Optional<Lineage> current, IssuanceListener listener) {
        if (!request.reuseKey() || current.isEmpty()) {
            return request.keySpec().generate();
        }
        Lineage lineage = current.get();
        PublicKey publicKey = lineage.leaf().getPublicKey();
        KeySpec wanted = request.keySpec();
        if (lineage.placeholder()) {
            listener.onNote("Not reusing the key of " + lineage.name() + ": it is a placeholder's; generating a new key");
            return wanted.generate();
        }
        if (!wanted.matches(publicKey)) {
            listener.onNote("Not reusing the key of " + lineage.name() + ": it is " + KeySpec.describe(publicKey)
                    + " and " + wanted.describe() + " was asked for; generating a new key");
            return wanted.generate();
        }
        if (!Pem.matches(lineage.privateKey(), publicKey)) {
            listener.onNote("Not reusing the key of " + lineage.name() + ": privkey.pem does not belong to cert.pem; "
                    + "generating a new key");
            return wanted.generate();
        }
        listener.onNote("Reusing the private key of " + lineage.name() + " (" + wanted.describe() + ")");
        return new KeyPair(publicKey, lineage.privateKey());
    }

    /**
     * The first chain whose topmost certificate was issued by a CA of this common name, as
     * certbot's {@code --preferred-chain} picks: the CA's default chain first, then its
     * alternates in the order it lists them.
     *
     * @param chains the default chain, then the alternates; each the leaf first
     * @param issuerCommonName the common name to look for, compared exactly
     * @return the chain, or empty if none matches
     */
    static Optional<List<X509Certificate>> preferredChain(List<List<X509Certificate>> chains, String issuerCommonName) {
        return chains.stream().filter(chain -> topIssuer(chain).filter(issuerCommonName::equals).isPresent()).findFirst();
    }

    /**
     * The common name of the issuer of a chain's topmost certificate: for a chain that ends below
     * a root, the root's name.
     *
     * @param chain the chain, the leaf first
     * @return the issuer's first common name, or empty if it has none
     */
    static Optional<String> topIssuer(List<X509Certificate> chain) {
        X509Certificate top = chain.get(chain.size() - 1);
        RDN[] names = X500Name.getInstance(top.getIssuerX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (names.length == 0 || !(names[0].getFirst().getValue() instanceof ASN1String name)) {
            return Optional.empty();
        }
        return Optional.of(name.getString());
    }
}
