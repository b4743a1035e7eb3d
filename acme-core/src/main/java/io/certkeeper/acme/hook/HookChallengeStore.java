package io.certkeeper.acme.hook;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.error.HookFailedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Publishes tokens by running the user's programs, as certbot's manual mode does with
 * {@code --manual-auth-hook} and {@code --manual-cleanup-hook}, with the same environment, so
 * that scripts written for certbot work unchanged.
 *
 * <p>The auth hook runs once per token, one after another in the order's order, and must have
 * published the token when it exits. It gets {@value #DOMAIN} (the name being validated),
 * {@value #VALIDATION} (the key authorization to serve), {@value #TOKEN} (the file name under
 * {@code /.well-known/acme-challenge/}), {@value #REMAINING_CHALLENGES} (how many tokens of the
 * order come after this one: {@code 0} for the last) and {@value #ALL_DOMAINS} (the names being
 * validated, comma-separated, in the same order). The cleanup hook, if any, gets the same
 * variables again for each token, plus {@value #AUTH_OUTPUT}: what the auth hook printed on
 * standard output, without surrounding blanks.
 *
 * <p>A failing auth hook fails the order with the hook's message (see {@link HookRunner}); the
 * tokens after it are not presented. The cleanup hook runs for every token whose auth hook ran,
 * even if it then failed or was killed, since it may have published part of it; it does not run
 * for a token whose auth hook never started.
 *
 * <p>Thread-safe; hooks run on the calling thread.
 */
public final class HookChallengeStore implements ChallengeStore {

    /** The name being validated. */
    public static final String DOMAIN = "CERTBOT_DOMAIN";
    /** The key authorization the CA expects to fetch. */
    public static final String VALIDATION = "CERTBOT_VALIDATION";
    /** The token, the last segment of the path the CA fetches. */
    public static final String TOKEN = "CERTBOT_TOKEN";
    /** How many tokens of the order are presented after this one. */
    public static final String REMAINING_CHALLENGES = "CERTBOT_REMAINING_CHALLENGES";
    /** Every name being validated in this order, comma-separated. */
    public static final String ALL_DOMAINS = "CERTBOT_ALL_DOMAINS";
    /** For the cleanup hook: the auth hook's standard output, stripped. */
    public static final String AUTH_OUTPUT = "CERTBOT_AUTH_OUTPUT";

    private final HookRunner runner;
    private final HookCommand authHook;
    private final Optional<HookCommand> cleanupHook;
    /** The cleanup hook's environment for each token whose auth hook ran. */
    private final Map<Http01Token, Map<String, String>> ran = new ConcurrentHashMap<>();

    /**
     * Creates the store. Nothing runs until {@link #prepare} or {@link #presentAll}.
     *
     * @param runner runs the hooks
     * @param authHook publishes one token
     * @param cleanupHook withdraws one token, if the published tokens need withdrawing
     */
    public HookChallengeStore(HookRunner runner, HookCommand authHook, Optional<HookCommand> cleanupHook) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.authHook = Objects.requireNonNull(authHook, "authHook");
        this.cleanupHook = Objects.requireNonNull(cleanupHook, "cleanupHook");
    }

    /**
     * Checks that the hooks' programs exist and are executable, before an order is placed.
     *
     * @param domains the names of the coming order (unused: the same hooks serve every name)
     * @throws HookFailedException if a hook's program does not exist or is not executable
     */
    @Override
    public void prepare(Set<DomainName> domains) throws HookFailedException {
        runner.check("auth hook", authHook);
        if (cleanupHook.isPresent()) {
            runner.check("cleanup hook", cleanupHook.get());
        }
    }

    /**
     * Runs the auth hook for one token, as for an order of that token alone.
     *
     * @param token the token
     * @throws HookFailedException if the auth hook fails
     */
    @Override
    public void present(Http01Token token) throws HookFailedException {
        presentAll(List.of(token));
    }

    /**
     * Runs the auth hook for each token in turn, stopping at the first that fails.
     *
     * @param tokens the order's tokens
     * @throws HookFailedException if the auth hook fails, cannot be started or times out; the
     *         message names the name, the command and the hook's error output
     */
    @Override
    public void presentAll(List<Http01Token> tokens) throws HookFailedException {
        String allDomains = tokens.stream().map(token -> token.domain().value()).collect(Collectors.joining(","));
        for (int i = 0; i < tokens.size(); i++) {
            Http01Token token = tokens.get(i);
            Map<String, String> environment = new HashMap<>();
            environment.put(DOMAIN, token.domain().value());
            environment.put(VALIDATION, token.keyAuthorization());
            environment.put(TOKEN, token.token());
            environment.put(REMAINING_CHALLENGES, String.valueOf(tokens.size() - i - 1));
            environment.put(ALL_DOMAINS, allDomains);
            String output;
            try {
                output = runner.run("auth hook for " + token.domain(), authHook, environment).stdout();
            } catch (HookFailedException e) {
                if (e.started()) {
                    ran.put(token, withAuthOutput(environment, e.stdout()));
                }
                throw e;
            }
            ran.put(token, withAuthOutput(environment, output));
        }
    }

    /**
     * Runs the cleanup hook for a token whose auth hook ran, once; does nothing for any other
     * token or without a cleanup hook.
     *
     * @param token the token
     * @throws HookFailedException if the cleanup hook fails
     */
    @Override
    public void cleanUp(Http01Token token) throws HookFailedException {
        Map<String, String> environment = ran.remove(token);
        if (environment != null && cleanupHook.isPresent()) {
            // An order abandoned by interrupting its thread must still withdraw what it published:
            // the hook runs to its end (or its timeout), and the interrupt is kept for the caller.
            boolean interrupted = Thread.interrupted();
            try {
                runner.run("cleanup hook for " + token.domain(), cleanupHook.get(), environment);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Map<String, String> withAuthOutput(Map<String, String> environment, String output) {
        Map<String, String> cleanup = new HashMap<>(environment);
        cleanup.put(AUTH_OUTPUT, output.strip());
        return Map.copyOf(cleanup);
    }
}
