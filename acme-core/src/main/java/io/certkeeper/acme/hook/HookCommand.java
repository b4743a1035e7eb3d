package io.certkeeper.acme.hook;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One hook command line as the user typed it, such as {@code systemctl reload nginx},
 * {@code /etc/hooks/auth.sh} or {@code echo $CERTBOT_TOKEN > /x}.
 *
 * <p>A command runs without a shell unless it needs one: a plain list of words is split on
 * blanks and executed directly, so a name or path is never reinterpreted; a command with any
 * shell syntax (quotes, {@code $}, a backquote, {@code | & ; < > ( ) { }}, a glob {@code * ? [ ]},
 * {@code ~}, {@code #}, {@code !}, a backslash, a line break, a leading {@code VAR=value}) or
 * whose first word is a shell keyword or built-in ({@code cd}, {@code export}, {@code .}, …) runs
 * as {@code /bin/sh -c <command>}, as certbot runs every hook. When in doubt the shell is used:
 * it gives a plain command the same meaning, so a false alarm only costs a process.
 *
 * @param command the command line; leading and trailing blanks are ignored
 */
public record HookCommand(String command) {

    /** The shell that runs commands that need one. */
    public static final String SHELL = "/bin/sh";

    private static final Pattern SHELL_SYNTAX = Pattern.compile("[\"'`$\\\\|&;<>(){}*?\\[\\]~#!\\n\\r]");
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    /** Keywords and built-ins that no program on the PATH stands in for. */
    private static final Set<String> SHELL_WORDS = Set.of(
            "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then",
            "until", "while", ".", ":", "alias", "break", "cd", "command", "continue", "eval", "exec", "exit",
            "export", "getopts", "hash", "local", "read", "readonly", "return", "set", "shift", "source", "times",
            "trap", "type", "ulimit", "umask", "unalias", "unset", "wait");

    /**
     * Validates the command.
     *
     * @param command the command line; leading and trailing blanks are ignored
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is blank or contains a NUL character, which no
     *         program could be given
     */
    public HookCommand {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("a hook command must not be blank");
        }
        if (command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a hook command must not contain a NUL character");
        }
    }

    /**
     * Parses a command line.
     *
     * @param command the command line
     * @return the command
     * @throws IllegalArgumentException if it is blank or contains a NUL character
     */
    public static HookCommand of(String command) {
        return new HookCommand(command);
    }

    /**
     * Whether the command is run through {@link #SHELL}.
     *
     * @return {@code true} if it contains shell syntax or starts with a shell keyword or built-in
     */
    public boolean needsShell() {
        if (SHELL_SYNTAX.matcher(command).find()) {
            return true;
        }
        String first = words().get(0);
        return SHELL_WORDS.contains(first) || ASSIGNMENT.matcher(first).matches();
    }

    /**
     * The program and arguments that will be executed.
     *
     * @return {@code [/bin/sh, -c, command]} if the command needs a shell, otherwise its words
     */
    public List<String> argv() {
        return needsShell() ? List.of(SHELL, "-c", command) : words();
    }

    private List<String> words() {
        return Arrays.stream(BLANKS.split(command)).filter(word -> !word.isEmpty()).toList();
    }

    /**
     * The command as typed, for messages and logs.
     *
     * @return the command line
     */
    @Override
    public String toString() {
        return command;
    }
}
