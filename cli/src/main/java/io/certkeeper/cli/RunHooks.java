package io.certkeeper.cli;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.hook.HookCommand;
import io.certkeeper.acme.hook.HookRunner;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pre, post and deploy hooks of one run, with certbot's rules: each distinct pre hook runs
 * once, before the first certificate that needs it is ordered, and only if some certificate is
 * ordered; each distinct post hook runs once at the end, after every order that ran, whether it
 * succeeded or not; a deploy hook runs after each lineage that got a new certificate, with
 * {@code RENEWED_LINEAGE} (its {@code live/} directory) and {@code RENEWED_DOMAINS}
 * (its names, separated by spaces).
 */
final class RunHooks {

    private final HookRunner runner;
    private final Set<String> preHooksRun = new LinkedHashSet<>();
    private final Set<String> postHooksDue = new LinkedHashSet<>();

    RunHooks(HookRunner runner) {
        this.runner = runner;
    }

    /**
     * Before a lineage is ordered: runs its pre hook unless it already ran, and remembers its
     * post hook for {@link #after()}.
     *
     * @param hooks the lineage's hooks
     * @throws HookFailedException if the pre hook fails; the lineage should then not be ordered
     */
    void before(LineageHooks hooks) throws HookFailedException {
        hooks.post().ifPresent(postHooksDue::add);
        if (hooks.pre().isPresent() && preHooksRun.add(hooks.pre().get())) {
            runner.run("pre hook", HookCommand.of(hooks.pre().get()), Map.of());
        }
    }

    /**
     * After a lineage got a new certificate: runs its deploy hook.
     *
     * @param hooks the lineage's hooks
     * @param lineage the lineage as now served
     * @param request what was asked for: {@code RENEWED_DOMAINS} lists its names in the order given
     * @throws HookFailedException if the deploy hook fails; the certificate is saved all the same
     */
    void deployed(LineageHooks hooks, Lineage lineage, CertificateRequest request) throws HookFailedException {
        if (hooks.deploy().isPresent()) {
            runner.run("deploy hook for " + lineage.name(), HookCommand.of(hooks.deploy().get()), Map.of(
                    "RENEWED_LINEAGE", lineage.liveDirectory().toString(),
                    "RENEWED_DOMAINS", request.domains().stream().map(DomainName::value).collect(Collectors.joining(" "))));
        }
    }

    /**
     * After a dry run asked with {@code --run-deploy-hooks}: runs the deploy hook against the
     * certificate in place, if there is one, as certbot does.
     *
     * @param hooks the lineage's hooks
     * @param store where the lineage is
     * @param request what was asked for
     * @throws CertkeeperException if the lineage cannot be read or the deploy hook fails
     */
    void deployedInPlace(LineageHooks hooks, CertificateStore store, CertificateRequest request) throws CertkeeperException {
        Optional<Lineage> current = store.find(request.name());
        if (current.isPresent()) {
            deployed(hooks, current.get(), request);
        }
    }

    /**
     * At the end of the run: runs each post hook of the lineages that were ordered, once.
     *
     * @return the failures, empty if every post hook succeeded
     */
    List<HookFailedException> after() {
        List<HookFailedException> failures = new ArrayList<>();
        for (String command : postHooksDue) {
            try {
                runner.run("post hook", HookCommand.of(command), Map.of());
            } catch (HookFailedException e) {
                failures.add(e);
            }
        }
        postHooksDue.clear();
        return failures;
    }
}
