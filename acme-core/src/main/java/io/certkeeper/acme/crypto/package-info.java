/**
 * Keys and PEM: {@link io.certkeeper.acme.crypto.KeySpec} names the kind of key to generate, and
 * {@link io.certkeeper.acme.crypto.Pem} reads and writes certificates and keys in the format
 * certbot, nginx and OpenSSL use. BouncyCastle is used for parsing only and is never registered
 * as a JVM-wide provider.
 */
package io.certkeeper.acme.crypto;
