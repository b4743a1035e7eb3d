/**
 * The {@code certkeeper} command line on picocli: {@link io.certkeeper.cli.Main} and its
 * subcommands ({@code certonly}, {@code renew}, {@code run}, {@code certificates}, ...), which
 * turn flags and the certificates file into calls of the library in {@code io.certkeeper.acme}
 * and print the results. An application, not an API: embed the library instead.
 */
package io.certkeeper.cli;
