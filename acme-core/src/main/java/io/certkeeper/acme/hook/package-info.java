/**
 * Running the user's hook programs: a {@link io.certkeeper.acme.hook.HookCommand} is run by a
 * {@link io.certkeeper.acme.hook.HookRunner} with extra environment variables, a timeout and
 * bounded output, and {@link io.certkeeper.acme.hook.HookChallengeStore} publishes HTTP-01 tokens
 * through auth and cleanup hooks written for certbot's manual mode.
 */
package io.certkeeper.acme.hook;
