package io.certkeeper.cli;

import io.certkeeper.acme.testing.Pebble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments of a {@code certkeeper} command line aimed at a {@link Pebble}: each method returns
 * new arguments with more appended, in order (the order of {@code -w} and {@code -d} matters).
 *
 * <pre>{@code
 * CliRun.run(home, CliArgs.certonly(pebble, configDir).standalone(pebble).domains("a.test").toArray());
 * }</pre>
 *
 * @param list the arguments so far
 */
record CliArgs(List<String> list) {

    CliArgs {
        list = List.copyOf(list);
    }

    /**
     * Starts a command line.
     *
     * @param words the command and subcommand, and any arguments to follow them
     * @return the arguments
     */
    static CliArgs of(String... words) {
        return new CliArgs(List.of(words));
    }

    /**
     * {@code certonly} without questions, the terms agreed to, obtaining from the Pebble into the
     * config dir; a challenge method and the names are still to be added.
     *
     * @param pebble the CA
     * @param configDir the config directory
     * @return the arguments
     */
    static CliArgs certonly(Pebble pebble, Path configDir) {
        return of("certonly", "-n", "--agree-tos").ca(pebble).configDir(configDir);
    }

    /**
     * Appends {@code --server} and {@code --ca-bundle} of the Pebble.
     *
     * @param pebble the CA
     * @return the longer arguments
     */
    CliArgs ca(Pebble pebble) {
        return with("--server", pebble.directoryUrl().toString(), "--ca-bundle", pebble.caBundle().toString());
    }

    /**
     * Appends {@code --config-dir}.
     *
     * @param configDir the config directory
     * @return the longer arguments
     */
    CliArgs configDir(Path configDir) {
        return with("--config-dir", configDir.toString());
    }

    /**
     * Appends {@code --standalone}, answering on 127.0.0.1 at the port where the Pebble validates.
     *
     * @param pebble the CA
     * @return the longer arguments
     */
    CliArgs standalone(Pebble pebble) {
        return standalone(pebble, "127.0.0.1");
    }

    /**
     * Appends {@code --standalone}, answering on the given address at the port where the Pebble
     * validates.
     *
     * @param pebble the CA
     * @param address the address the responder binds
     * @return the longer arguments
     */
    CliArgs standalone(Pebble pebble, String address) {
        return with("--standalone", "--http-01-address", address, "--http-01-port", String.valueOf(pebble.httpPort()));
    }

    /**
     * Appends {@code --webroot -w <webroot>}: the names appended after it are served from there.
     *
     * @param webroot the web server's document root
     * @return the longer arguments
     */
    CliArgs webroot(Path webroot) {
        return with("--webroot", "-w", webroot.toString());
    }

    /**
     * Appends {@code -d} with each name.
     *
     * @param names the names, in order
     * @return the longer arguments
     */
    CliArgs domains(String... names) {
        CliArgs args = this;
        for (String name : names) {
            args = args.with("-d", name);
        }
        return args;
    }

    /**
     * Appends arguments as they are.
     *
     * @param more the arguments
     * @return the longer arguments
     */
    CliArgs with(String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(Arrays.asList(more));
        return new CliArgs(all);
    }

    /**
     * The arguments, for {@link CliRun#run(Path, String...)}.
     *
     * @return a new array
     */
    String[] toArray() {
        return list.toArray(String[]::new);
    }
}
