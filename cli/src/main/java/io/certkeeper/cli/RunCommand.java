package io.certkeeper.cli;

import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.LockScope;
import io.certkeeper.acme.discovery.CertificateSource;
import io.certkeeper.acme.discovery.CertificateSourceProvider;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageOrigin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper run}: keeps every certificate of a certificates file valid for as long as it
 * runs, as a service. SIGHUP re-reads the file and checks every certificate again; SIGTERM and SIGINT stop it with exit code 0. The
 * file is refused, at start and on every re-read, when anyone but root and certkeeper's user could
 * change it, since its hooks run as that user.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Keep every certificate of a certificates file valid, as a long-running service.",
            "Issues what is missing and renews what is due at start, then checks each certificate again when it becomes due, and at least twice a day.",
            "SIGHUP re-reads the file and checks every certificate again; SIGTERM or SIGINT stops after the orders in flight."})
public final class RunCommand implements Callable<Integer> {

    /** The discovery source of {@code --docker}, by its provider's name; also the origin its lineages record. */
    static final String DOCKER = "docker";

    /** How long orders in flight may take to finish once stopping; a container runtime waits 10 s. */
    static final Duration STOP_GRACE = Duration.ofSeconds(8);

    private final CliEnvironment environment;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "certkeeper-reload");
        thread.setDaemon(true);
        return thread;
    });

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", order = 1, required = true, paramLabel = "FILE",
            description = "The certificates file (YAML) listing the certificates to keep valid; see examples/certificates.yml.")
    private Path config;

    @Option(names = "--docker", order = 2,
            description = "Also keep valid the certificates named by running containers' labels (certkeeper.domains, nginx-virtual-host), watching the Docker socket (DOCKER_HOST or /var/run/docker.sock). Only for the names the file's docker.allowed_domains lists.")
    private boolean docker;

    @Option(names = "--insecure", order = 3,
            description = "Accept a ca: that is a plain http:// directory URL to a host that is not loopback (localhost, 127.0.0.0/8, ::1): the network could read and change the exchange with the CA. Only for a private CA without HTTPS.")
    private boolean insecure;

    @Option(names = {"-v", "--verbose"}, order = 4, description = "Log the details of each order (debug level).")
    private boolean verbose;

    // set once started; read and replaced by reloads, which run on one thread
    private CertificatesFileParser parser;
    private CertificatesFile current;
    private List<DiscoveredCertificate> discovered = List.of();
    private DiscoveryRules dockerRules = DiscoveryRules.NONE;
    private Fleet fleet;
    private FleetWork work;
    private SharedResponder responder;
    private CertificateSource source;
    private RunLog log;

    /**
     * Creates the command.
     *
     * @param environment clock, environment variables, terminal
     */
    public RunCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        parser = new CertificatesFileParser(environment.defaultConfigDirectory(), insecure);
        current = parser.parse(config);
        if (docker && current.docker().allowedDomains().isEmpty()) {
            // Without a list, every container would be skipped: said at once rather than left to warnings,
            // since the containers' certificates would then no longer be renewed.
            throw new CertificatesFileException(current.file() + ": docker.allowed_domains: --docker needs the names "
                    + "containers may ask certificates for; add docker: {allowed_domains: [example.com, \"*.example.com\"]}");
        }
        ConfigDirectory.check(current.configDir(), err).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), current.file() + ": config_dir: " + problem);
        });
        dockerRules = current.docker();
        log = new RunLog(out, environment.clock());
        try (SharedResponder shared = new SharedResponder(current.responder());
                CertificateSource opened = docker ? openDocker() : null) {
            responder = shared;
            source = opened;
            if (source != null) {
                discovered = source.certificates();
            }
            startResponderIfNeeded(current);
            LineageRenewer renewer = new LineageRenewer(environment, current.configDir(), err, IssuanceListener.NONE,
                    method -> method instanceof ChallengeMethod.Standalone ? new ChallengeMode.Shared(responder.store())
                            : ChallengeMode.of(method), LockScope.SAVE);
            work = new FleetWork(renewer, log, environment.clock(), current);
            fleet = new Fleet(work, LineageOrigin.discovered(DOCKER), new FleetSchedule(new SplittableRandom()), log, environment.clock(), current.concurrency());
            if (source != null) {
                work.onDeployed(source::deployed);
            }
            fleet.apply(current, discovered, false);
            handleSignals();
            if (source != null) {
                source.watch(() -> requestReload("the containers changed", false));
            }
            int count = fleet.names().size();
            log.line("keeping " + count + (count == 1 ? " certificate" : " certificates") + " valid from "
                    + current.file() + (source != null ? " and Docker labels" : "") + " in " + current.configDir()
                    + "; PID " + ProcessHandle.current().pid() + ", SIGHUP re-reads the file");
            stopRequested.await();
            log.line("stopping");
            reloads.shutdownNow();
            fleet.stop(STOP_GRACE);
        }
        log.line("stopped");
        return ExitCode.OK;
    }

    /**
     * Asks the running command to stop, as SIGTERM does.
     */
    void stop() {
        stopRequested.countDown();
    }

    private void handleSignals() {
        for (String name : List.of("TERM", "INT")) {
            ProcessSignals.handle(name, this::stop).ifPresent(log::line);
        }
        ProcessSignals.handle("HUP", () -> requestReload("SIGHUP", true)).ifPresent(log::line);
    }

    private void requestReload(String why, boolean recheck) {
        try {
            reloads.execute(() -> reload(why, recheck));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing more is reloaded
        }
    }

    /**
     * Re-reads the file and the discovery source, and acts on the difference. A file that fails
     * validation changes nothing.
     *
     * @param recheck whether every lineage is checked again, changed or not: what an operator's
     *        SIGHUP asks for, whereas the frequent Docker events only concern the containers'
     */
    private void reload(String why, boolean recheck) {
        log.line("re-reading " + config + " (" + why + ")");
        CertificatesFile next;
        try {
            next = parser.parse(config);
        } catch (CertificatesFileException e) {
            log.line("not reloaded, the running configuration is kept: " + ErrorHandler.oneLine(e));
            return;
        }
        if (!next.configDir().equals(current.configDir()) || !next.responder().equals(current.responder())) {
            log.line("not reloaded, the running configuration is kept: config_dir and responder change only with a restart");
            return;
        }
        if (next.concurrency() != current.concurrency()) {
            log.line("concurrency changes only with a restart; still " + current.concurrency());
        }
        if (source != null && !next.docker().equals(current.docker()) && !next.docker().equals(dockerRules)) {
            log.line("docker.allowed_domains and docker.merge_names change only with a restart; containers are still held "
                    + "to those read at start");
        }
        if (source != null) {
            try {
                discovered = source.certificates();
            } catch (CertkeeperException e) {
                log.line("Docker labels not read, keeping the containers' certificates as they were: " + ErrorHandler.oneLine(e));
            }
        }
        try {
            startResponderIfNeeded(next);
        } catch (CertkeeperException e) {
            log.line("the responder could not start, standalone certificates will fail: " + ErrorHandler.oneLine(e));
        }
        current = next;
        work.configure(next);
        fleet.apply(next, discovered, recheck);
    }

    private void startResponderIfNeeded(CertificatesFile file) throws CertkeeperException {
        boolean standalone = file.responder().redirectHttps()
                || file.certificates().stream().anyMatch(c -> c.settings().challenge() instanceof ChallengeMethod.Standalone)
                || !discovered.isEmpty() && file.defaults().challenge().method().filter(ChallengeMethod.Standalone.class::isInstance).isPresent();
        if (standalone) {
            responder.start(); // it logs where it listens
        }
    }

    private CertificateSource openDocker() throws CertkeeperException {
        for (CertificateSourceProvider provider : ServiceLoader.load(CertificateSourceProvider.class)) {
            if (provider.name().equals(DOCKER)) {
                return provider.open(environment.env(), dockerRules);
            }
        }
        throw new CertkeeperException("--docker needs the docker-discovery module on the class path"
                + " (lib/docker-discovery-*.jar of the distribution)");
    }
}
