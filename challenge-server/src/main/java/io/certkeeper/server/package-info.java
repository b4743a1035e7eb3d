/**
 * The embedded HTTP-01 responder (RFC 8555 §8.3) on Undertow: {@link io.certkeeper.server.ChallengeServer}
 * for hosts with no web server, and {@link io.certkeeper.server.ChallengeHandler} to mount in an
 * application's own Undertow server.
 */
package io.certkeeper.server;
