package io.certkeeper.acme.store;

/** The text of {@code live/<name>/README}, modelled on the one certbot writes. */
final class Readme {

    static final String TEXT = """
            This directory contains your keys and certificates.

            `privkey.pem`  : the private key for your certificate.
            `fullchain.pem`: the certificate file used in most server software.
            `chain.pem`    : used for OCSP stapling in Nginx >=1.3.7.
            `cert.pem`     : will break many server configurations, and should not be used
                             without reading further documentation.

            These files are symbolic links into ../../archive/, managed by certkeeper.
            WARNING: DO NOT MOVE OR RENAME THESE FILES! Point your server at the links here;
            they always lead to the current version.
            """;

    private Readme() {
    }
}
