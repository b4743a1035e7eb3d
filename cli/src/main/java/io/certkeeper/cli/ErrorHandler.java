package io.certkeeper.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a failure as one line, {@code certkeeper: <what happened and what to do>}, and picks
 * the exit code. The stack trace is printed only with {@code --verbose}. A message can quote what
 * the user typed, so control and formatting characters left in it (a NUL, an escape sequence, a
 * right-to-left override) are printed escaped, never sent to the terminal as they are.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println("certkeeper: " + oneLine(error));
        if (isVerbose(parseResult)) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCode.of(error);
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        String suggestion = "";
        if (error instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        err.println("certkeeper: " + oneLine(error) + suggestion + " (see '"
                + error.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * A failure as one printable line, as the handler prints it; for commands that report
     * several failures and go on.
     *
     * @param error the failure
     * @return its message on one line, control characters escaped
     */
    static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return printable(message.replaceAll("\\s*\\R\\s*", " ").strip());
    }

    private static String printable(String text) {
        StringBuilder printable = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                printable.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.toString();
    }

    private static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
