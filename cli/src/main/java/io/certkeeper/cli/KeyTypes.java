package io.certkeeper.cli;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;
import java.util.Locale;

/**
 * Names the type of a certificate's key the way {@code --key-type} and the renewal settings do:
 * {@code ecdsa secp256r1}, {@code rsa 2048}.
 */
final class KeyTypes {

    /** The curves a CA signs for today; the key's parameters are compared with each. */
    private static final List<String> CURVES = List.of("secp256r1", "secp384r1", "secp521r1");

    private KeyTypes() {
    }

    /**
     * Describes a public key.
     *
     * @param key the key
     * @return {@code ecdsa <curve>}, {@code rsa <bits>}, or the algorithm for any other key
     */
    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "rsa " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            for (String curve : CURVES) {
                if (sameCurve(ec.getParams(), curve)) {
                    return "ecdsa " + curve;
                }
            }
            return "ecdsa (" + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve)";
        }
        return key.getAlgorithm().toLowerCase(Locale.ROOT);
    }

    private static boolean sameCurve(ECParameterSpec params, String curve) {
        try {
            AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = named.getParameterSpec(ECParameterSpec.class);
            return spec.getCurve().equals(params.getCurve()) && spec.getGenerator().equals(params.getGenerator())
                    && spec.getOrder().equals(params.getOrder());
        } catch (GeneralSecurityException e) {
            return false; // this JVM does not know the curve; the key is then described by its size
        }
    }
}
