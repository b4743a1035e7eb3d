package io.certkeeper.cli;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.store.Lineage;
import java.io.PrintWriter;
import java.net.URL;

/** Prints one line per step of an order to standard error. */
final class ProgressPrinter implements IssuanceListener {

    private final PrintWriter err;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onAccount(URL location, boolean created) {
        print((created ? "Registered account " : "Using account ") + location);
    }

    @Override
    public void onAccountUnknown(URL location) {
        print("The CA no longer knows account " + location + "; registering it again");
    }

    @Override
    public void onOrder(URL location, int authorizations) {
        print("Created order " + location + " (" + authorizations + (authorizations == 1 ? " name" : " names") + " to validate)");
    }

    @Override
    public void onAuthorizationValid(DomainName domain, boolean reused) {
        print("Validated " + domain + (reused ? " (earlier validation reused)" : ""));
    }

    @Override
    public void onFinalizing() {
        print("Finalizing the order");
    }

    @Override
    public void onNote(String note) {
        print("Note: " + note);
    }

    @Override
    public void onSaved(Lineage lineage) {
        print("Saved certificate to " + lineage.liveDirectory());
    }

    private void print(String line) {
        err.println(line);
        err.flush();
    }
}
