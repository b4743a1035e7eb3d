package io.certkeeper.acme.renewal;

import java.util.Objects;
import java.util.Optional;

/**
 * The commands a lineage asked to run around its renewals, as certbot's hooks: {@code pre} before
 * the first certificate of a run is ordered, {@code post} after the last, {@code deploy} after this
 * lineage got a new certificate.
 *
 * @param pre run once before any certificate is ordered
 * @param post run once after all orders of a run
 * @param deploy run after this lineage was issued or renewed
 */
public record LineageHooks(Optional<String> pre, Optional<String> post, Optional<String> deploy) {

    /** No hooks. */
    public static final LineageHooks NONE = new LineageHooks(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Validates the fields; a blank command counts as none.
     *
     * @param pre run once before any certificate is ordered
     * @param post run once after all orders of a run
     * @param deploy run after this lineage was issued or renewed
     */
    public LineageHooks {
        pre = Objects.requireNonNull(pre, "pre").filter(s -> !s.isBlank());
        post = Objects.requireNonNull(post, "post").filter(s -> !s.isBlank());
        deploy = Objects.requireNonNull(deploy, "deploy").filter(s -> !s.isBlank());
    }

    /**
     * These hooks with each given one replacing the stored one.
     *
     * @param override hooks given on the command line
     * @return the merged hooks
     */
    public LineageHooks overriddenBy(LineageHooks override) {
        return new LineageHooks(override.pre.or(() -> pre), override.post.or(() -> post), override.deploy.or(() -> deploy));
    }
}
