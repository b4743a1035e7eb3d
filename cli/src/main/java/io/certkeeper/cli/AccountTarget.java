package io.certkeeper.cli;

import io.certkeeper.acme.AcmeSessions;
import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.account.AccountDetails;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.StoreLock;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.shredzone.acme4j.Session;

/**
 * The account an {@code account} subcommand works on: the CA and config directory its options
 * name, with the service that keeps accounts there.
 */
final class AccountTarget {

    private final CertificateAuthority ca;
    private final Path configDirectory;
    private final AccountService accounts;

    private AccountTarget(CertificateAuthority ca, Path configDirectory, AccountService accounts) {
        this.ca = ca;
        this.configDirectory = configDirectory;
        this.accounts = accounts;
    }

    /**
     * Resolves the options; the CA options are checked first, then the config directory.
     *
     * @param caOptions the CA options
     * @param storeOptions the store options
     * @param environment clock and default config directory
     * @param err where notes about the config directory go
     * @return the target
     * @throws UntrustedPathException if users other than root and the current one could change the config directory
     */
    static AccountTarget of(CaOptions caOptions, StoreOptions storeOptions, CliEnvironment environment, PrintWriter err)
            throws UntrustedPathException {
        CertificateAuthority ca = caOptions.ca();
        Path dir = storeOptions.directory(environment, err);
        return new AccountTarget(ca, dir, new AccountService(dir.resolve("accounts"), environment.clock()));
    }

    CertificateAuthority ca() {
        return ca;
    }

    AccountService accounts() {
        return accounts;
    }

    /** Where the account's files are or would be. */
    Path directory() {
        return accounts.directory(ca);
    }

    /**
     * Fails unless an account is stored for the CA, before anything is created or sent.
     *
     * @throws AccountActionRequiredException if none is stored
     */
    void requireStored() throws AccountActionRequiredException {
        if (!accounts.hasAccount(ca)) {
            throw new AccountActionRequiredException("no account for " + ca + " is stored in " + directory()
                    + "; register one with 'certkeeper account register' and the same --server", null);
        }
    }

    /**
     * Takes the store lock, so that no certificate is ordered with the account while it changes.
     *
     * @return the lock
     * @throws StoreIOException if it cannot be taken
     * @throws UntrustedPathException if others than root and this user could change the config directory
     */
    StoreLock lock() throws StoreIOException, UntrustedPathException {
        return new CertificateStore(configDirectory).lock();
    }

    /** A new session to the CA; nothing is sent until it is used. */
    Session session() {
        return AcmeSessions.open(ca);
    }

    /**
     * Prints an account's details, one per line, indented.
     *
     * @param out where to print
     * @param details what the CA said
     */
    void print(PrintWriter out, AccountDetails details) {
        out.println("  CA:       " + ca);
        out.println("  URL:      " + details.location());
        out.println("  status:   " + details.status());
        out.println("  contact:  " + (details.contacts().isEmpty() ? "none"
                : details.contacts().stream().map(URI::toString).collect(Collectors.joining(", "))));
        out.println("  EAB:      " + (details.externalAccountBound() ? "bound to an external account" : "not bound"));
        out.println("  key:      " + details.key());
        out.println("  files:    " + directory());
        out.flush();
    }
}
