package io.certkeeper.acme.challenge;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.error.CertkeeperException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The child side of webroot tests that need their own process; prints {@code key=value} lines. */
public final class WebrootProbe {

    private WebrootProbe() {
    }

    /** {@code prepare <webroot>} or {@code present <webroot> <token>}, for a.example.com. */
    public static void main(String[] args) {
        DomainName domain = DomainName.of("a.example.com");
        WebrootChallengeStore store = new WebrootChallengeStore(Map.of(domain, Path.of(args[1])));
        try {
            if (args[0].equals("prepare")) {
                store.prepare(Set.of(domain));
            } else {
                store.present(new Http01Token(domain, args[2], args[2] + ".thumbprint"));
            }
            System.out.println("result=ok");
        } catch (CertkeeperException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
