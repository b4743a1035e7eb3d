/**
 * Where certificates live on disk: {@link io.certkeeper.acme.store.CertificateStore}, certbot's
 * {@code live/} and {@code archive/} layout, so that web server configurations written for certbot
 * work unchanged.
 */
package io.certkeeper.acme.store;
