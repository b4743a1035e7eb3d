package io.certkeeper.cli;

import io.certkeeper.acme.crypto.KeySpec;
import java.util.Objects;

/**
 * What a certificate of {@code certkeeper run} gets when it does not say: the file's global
 * {@code key_type}, {@code challenge} and {@code placeholder}, also used for discovered ones.
 *
 * @param keySpec the key type
 * @param challenge how names are proven
 * @param placeholder whether a placeholder is written until the first certificate exists
 */
record FleetDefaults(KeySpec keySpec, ChallengeChoice challenge, boolean placeholder) {

    /** Validates the fields. */
    FleetDefaults {
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(challenge, "challenge");
    }
}
