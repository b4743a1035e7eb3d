package io.certkeeper.cli;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.challenge.WebrootChallengeStore;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.hook.HookChallengeStore;
import io.certkeeper.acme.hook.HookCommand;
import io.certkeeper.acme.hook.HookRunner;
import io.certkeeper.server.ChallengeServer;
import io.certkeeper.server.ChallengeServerBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** How the HTTP-01 challenge is answered: certkeeper's own server, files in a webroot, or the user's hooks. */
sealed interface ChallengeMode {

    /**
     * Sets the mode up for one run.
     *
     * @param request the certificate being obtained
     * @param err where to say what was set up
     * @return the store to publish tokens to, and what to close afterwards
     * @throws CertkeeperException if it cannot be set up, such as a port already taken
     */
    ChallengeSetup open(CertificateRequest request, PrintWriter err) throws CertkeeperException;

    /**
     * The mode a lineage's stored challenge method describes.
     *
     * @param method the stored method
     * @return the mode
     */
    static ChallengeMode of(ChallengeMethod method) {
        if (method instanceof ChallengeMethod.Standalone standalone) {
            return new Standalone(standalone.address().orElse(null), standalone.port());
        }
        if (method instanceof ChallengeMethod.Webroot webroot) {
            return new Webroot(webroot.webroots());
        }
        ChallengeMethod.Manual manual = (ChallengeMethod.Manual) method;
        return new Manual(HookCommand.of(manual.authHook()), manual.cleanupHook().map(HookCommand::of));
    }

    /**
     * The built-in responder.
     *
     * @param address the address to listen on, or {@code null} for all
     * @param port the port
     */
    record Standalone(String address, int port) implements ChallengeMode {
        @Override
        public ChallengeSetup open(CertificateRequest request, PrintWriter err) throws CertkeeperException {
            InMemoryChallengeStore store = new InMemoryChallengeStore();
            ChallengeServerBuilder builder = ChallengeServer.builder(store).port(port);
            if (address != null) {
                builder.address(address);
            }
            ChallengeServer server = builder.start();
            err.println("Answering HTTP-01 challenges on "
                    + (address == null ? "port " + server.port() + " of every address" : server.toString()));
            err.flush();
            return new ChallengeSetup(store, server);
        }
    }

    /**
     * Files in the directories a web server already serves.
     *
     * @param webroots the webroot for each name
     */
    record Webroot(Map<DomainName, Path> webroots) implements ChallengeMode {
        @Override
        public ChallengeSetup open(CertificateRequest request, PrintWriter err) {
            return new ChallengeSetup(new WebrootChallengeStore(webroots), () -> { });
        }
    }

    /**
     * The user's programs, as certbot's manual mode with hooks.
     *
     * @param authHook publishes one token
     * @param cleanupHook withdraws one token, if given
     */
    record Manual(HookCommand authHook, Optional<HookCommand> cleanupHook) implements ChallengeMode {
        @Override
        public ChallengeSetup open(CertificateRequest request, PrintWriter err) {
            return new ChallengeSetup(new HookChallengeStore(new HookRunner(), authHook, cleanupHook), () -> { });
        }
    }

    /**
     * A responder that is already running, shared by every lineage of a long-running process.
     *
     * @param store the store the running responder serves
     */
    record Shared(ChallengeStore store) implements ChallengeMode {
        @Override
        public ChallengeSetup open(CertificateRequest request, PrintWriter err) {
            return new ChallengeSetup(store, () -> { });
        }
    }
}
