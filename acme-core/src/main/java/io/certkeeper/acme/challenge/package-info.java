/**
 * Publishing HTTP-01 challenges (RFC 8555 §8.3): the {@link io.certkeeper.acme.challenge.ChallengeStore}
 * SPI and its implementations.
 */
package io.certkeeper.acme.challenge;
