package io.certkeeper.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Picks the subcommands an argument list can reach, so that start-up builds the picocli model of
 * those alone: building every subcommand's model (reflection over all their options and mixins)
 * was most of {@code certkeeper --version}'s time. The choice never changes what picocli does with
 * the arguments: unless the first argument names a subcommand, or the only arguments ask for the
 * version, every subcommand is registered, so help, unknown words and argument files
 * ({@code @file}) see the whole command tree.
 */
final class Subcommands {

    private static final Set<String> VERSION = Set.of("-V", "--version");

    private Subcommands() {
    }

    /**
     * The subcommands picocli can dispatch these arguments to. The top-level command takes no
     * positional parameters and only flags as options, so a first argument that names a subcommand
     * is where picocli goes, with every later argument.
     *
     * @param all every subcommand, each a class annotated with {@link Command}
     * @param args the command-line arguments
     * @return the subcommands to register: none, one, or {@code all}
     */
    static List<Class<?>> reachedBy(List<Class<?>> all, String... args) {
        if (args.length > 0 && Arrays.stream(args).allMatch(VERSION::contains)) {
            return List.of();
        }
        if (args.length == 0) {
            return all;
        }
        return all.stream().filter(type -> names(type).contains(args[0])).findFirst()
                .<List<Class<?>>>map(List::of).orElse(all);
    }

    private static List<String> names(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        if (command == null) {
            throw new IllegalStateException(type.getName() + " is not a @Command");
        }
        List<String> names = new ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }
}
