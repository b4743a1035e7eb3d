package io.certkeeper.cli;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.renewal.ChallengeMethod;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A challenge as the certificates file names it, before the names it applies to are known: one
 * webroot for every name, or a method that does not depend on the names.
 *
 * @param webroot the directory served for every name, if the choice is webroot
 * @param method the method otherwise (standalone or manual)
 */
record ChallengeChoice(Optional<Path> webroot, Optional<ChallengeMethod> method) {

    /**
     * Validates that exactly one is given.
     *
     * @throws IllegalArgumentException if none or both are
     */
    ChallengeChoice {
        Objects.requireNonNull(webroot, "webroot");
        Objects.requireNonNull(method, "method");
        if (webroot.isPresent() == method.isPresent()) {
            throw new IllegalArgumentException("a challenge is either a webroot or another method");
        }
    }

    /**
     * A choice that does not depend on the names.
     *
     * @param method standalone or manual
     * @return the choice
     */
    static ChallengeChoice of(ChallengeMethod method) {
        return new ChallengeChoice(Optional.empty(), Optional.of(method));
    }

    /**
     * One webroot for every name.
     *
     * @param directory the directory the web server serves
     * @return the choice
     */
    static ChallengeChoice webroot(Path directory) {
        return new ChallengeChoice(Optional.of(directory), Optional.empty());
    }

    /**
     * The method for a certificate's names.
     *
     * @param domains the names, at least one
     * @return the method
     */
    ChallengeMethod method(List<DomainName> domains) {
        if (method.isPresent()) {
            return method.get();
        }
        Map<DomainName, Path> webroots = new LinkedHashMap<>();
        domains.forEach(domain -> webroots.put(domain, webroot.get()));
        return new ChallengeMethod.Webroot(webroots);
    }
}
