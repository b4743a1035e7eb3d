package io.certkeeper.acme.testing;

/** Undoes a fixture's half-done start-up without losing the reason it failed. */
final class Cleanup {

    private Cleanup() {
    }

    /**
     * Closes resources in the given order; a failure to close one is added to the start-up
     * failure as suppressed.
     *
     * @param failure why start-up failed
     * @param resources what was started so far; {@code null} entries were not started
     * @return the failure, to throw
     */
    static RuntimeException after(RuntimeException failure, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }
}
