/**
 * certkeeper's checked exceptions: one root, {@link io.certkeeper.acme.error.CertkeeperException},
 * and the few subtypes callers branch on.
 */
package io.certkeeper.acme.error;
