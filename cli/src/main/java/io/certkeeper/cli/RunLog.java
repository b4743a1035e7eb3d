package io.certkeeper.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The log of {@code certkeeper run}: one line per event, {@code <UTC time> <lineage>: <what happened>},
 * so that a journal or {@code docker logs} reads as a history and a line can be grepped by name.
 *
 * <p>Thread-safe: lines from concurrent lineages never interleave.
 */
final class RunLog {

    private final PrintWriter out;
    private final Clock clock;

    RunLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /**
     * Logs an event of one lineage.
     *
     * @param lineage the lineage name
     * @param text what happened
     */
    void event(String lineage, String text) {
        line(lineage + ": " + text);
    }

    /**
     * Logs an event of the whole process.
     *
     * @param text what happened
     */
    synchronized void line(String text) {
        out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + text);
        out.flush();
    }
}
