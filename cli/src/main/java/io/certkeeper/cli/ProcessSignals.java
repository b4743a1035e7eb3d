package io.certkeeper.cli;

import java.util.Optional;

/**
 * Handlers for the signals a service manager sends: {@code HUP} to reload, {@code TERM} and
 * {@code INT} to stop. The JDK's own handling of {@code TERM} (run shutdown hooks, exit 143) is
 * replaced, so that {@code certkeeper run} can finish its work and exit 0.
 */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread each time the signal arrives. The action must
     * return quickly: hand work to another thread.
     *
     * @param name the signal's name without {@code SIG}, such as {@code HUP}
     * @param action what to do
     * @return a problem if the handler could not be installed (a JVM run with {@code -Xrs}) or the
     *         signal stays ignored
     */
    @SuppressWarnings("restriction")
    static Optional<String> handle(String name, Runnable action) {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM keeps a signal ignored that the process inherited ignored, as nohup leaves HUP.
                return Optional.of("SIG" + name + " does nothing: it was ignored when this process started (nohup, or"
                        + " a shell's background job, does that); start certkeeper run from a service manager instead");
            }
            return Optional.empty();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return Optional.of("cannot handle SIG" + name + ": " + e.getMessage());
        }
    }
}
