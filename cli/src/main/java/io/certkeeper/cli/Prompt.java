package io.certkeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** Asks the person at the terminal a yes-or-no question; anything but yes is no. */
final class Prompt {

    private Prompt() {
    }

    /**
     * Asks on standard error and reads one line of standard input.
     *
     * @param environment supplies standard input
     * @param err where the question goes
     * @param question the question, without the {@code [y/N]}
     * @return {@code true} if the answer starts with {@code y}; {@code false} for anything else
     *         and for the end of input
     * @throws IOException if standard input cannot be read
     */
    static boolean confirm(CliEnvironment environment, PrintWriter err, String question) throws IOException {
        err.print(question + " [y/N] ");
        err.flush();
        String answer = environment.in().readLine();
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
