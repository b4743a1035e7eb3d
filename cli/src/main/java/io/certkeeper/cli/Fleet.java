package io.certkeeper.cli;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.LineageOrigin;
import io.certkeeper.acme.renewal.RenewalSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop of {@code certkeeper run}: keeps every certificate of the certificates file (and of a
 * discovery source) valid for the life of the process, by running {@link FleetWork} for each
 * lineage when its {@link FleetSchedule} says, at most {@code concurrency} lineages at once.
 * {@link #apply} takes a new set of certificates (SIGHUP, a Docker event): new ones are worked on
 * at once, changed ones are checked again, removed ones are no longer renewed and their files stay;
 * asked to, it checks the unchanged ones again too. Each lineage is looked at again when its
 * certificate becomes due, or after a failure when {@link FleetSchedule} backs off.
 *
 * <p>Thread-safe: every method may be called from any thread. The lineages' state is confined to
 * one coordinating thread; the orders run on a bounded pool.
 */
final class Fleet implements AutoCloseable {

    private final FleetWork work;
    private final LineageOrigin discovery;
    private final FleetSchedule schedule;
    private final RunLog log;
    private final Clock clock;
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(threads("certkeeper-fleet"));
    private final ExecutorService workers;
    private final CountDownLatch stopped = new CountDownLatch(1);

    // confined to the coordinator thread
    private final Map<String, Slot> slots = new HashMap<>();

    /**
     * Creates a fleet with nothing to do yet.
     *
     * @param work what is done for one lineage
     * @param discovery the origin recorded for the lineages the discovery source makes
     * @param schedule when each lineage is looked at again
     * @param log the event log
     * @param clock the clock
     * @param concurrency how many lineages are worked on at once
     */
    Fleet(FleetWork work, LineageOrigin discovery, FleetSchedule schedule, RunLog log, Clock clock, int concurrency) {
        this.work = work;
        this.discovery = discovery;
        this.schedule = schedule;
        this.log = log;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(concurrency, threads("certkeeper-order"));
    }

    /**
     * Takes a new set of certificates: those of the file, then those discovered that the file does
     * not name and whose lineage is not someone else's (see {@link FleetWork#refusal}); each one
     * left out for that is logged in one line naming its origin, the lineage and why. Placeholders
     * for new lineages are written before this returns.
     *
     * @param file the certificates file, validated
     * @param discovered the certificates a discovery source asks for
     * @param recheck whether the lineages whose settings did not change are checked again at once
     *        too (SIGHUP), unless the CA asked them to wait (Retry-After)
     */
    void apply(CertificatesFile file, List<DiscoveredCertificate> discovered, boolean recheck) {
        Map<String, FleetCertificate> wanted = new LinkedHashMap<>();
        file.certificates().forEach(certificate -> wanted.put(certificate.name(), certificate));
        for (DiscoveredCertificate found : discovered) {
            FleetCertificate named = wanted.get(found.name());
            if (named != null) {
                log.event(found.name(), "asked for by " + found.origin() + " but already in " + named.origin() + "; keeping the file's");
                continue;
            }
            FleetCertificate certificate = fromDiscovered(file, found);
            Optional<String> refused;
            try {
                refused = work.refusal(certificate);
            } catch (CertkeeperException e) {
                refused = Optional.of("its lineage cannot be read: " + ErrorHandler.oneLine(e));
            }
            if (refused.isPresent()) {
                log.event(found.name(), "skipping " + found.origin() + ": " + refused.get());
            } else {
                wanted.put(found.name(), certificate);
            }
        }
        try {
            coordinator.submit(() -> update(wanted, recheck)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            log.line("internal error: " + ErrorHandler.oneLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // stopping: nothing more is scheduled
        }
    }

    private FleetCertificate fromDiscovered(CertificatesFile file, DiscoveredCertificate found) {
        CertificateRequest request = new CertificateRequest(found.name(), found.domains(),
                found.keySpec().orElse(file.defaults().keySpec()));
        RenewalSettings settings = new RenewalSettings(request, file.ca(), Optional.empty(),
                file.defaults().challenge().method(found.domains()), io.certkeeper.acme.renewal.LineageHooks.NONE,
                RenewalSettings.DEFAULT_KEEP_VERSIONS, Optional.empty(), Optional.of(discovery));
        return new FleetCertificate(settings, file.defaults().placeholder(), found.origin());
    }

    private void update(Map<String, FleetCertificate> wanted, boolean recheck) {
        for (Slot slot : List.copyOf(slots.values())) {
            if (!wanted.containsKey(slot.certificate.name())) {
                slots.remove(slot.certificate.name());
                slot.removed = true;
                slot.cancel();
                log.event(slot.certificate.name(), "removed from the configuration; no longer renewed, its files are kept");
            }
        }
        for (FleetCertificate certificate : wanted.values()) {
            Slot slot = slots.get(certificate.name());
            if (slot == null) {
                slot = new Slot(certificate);
                slots.put(certificate.name(), slot);
                work.placeholder(certificate);
                schedule(slot, clock.instant());
            } else if (!slot.certificate.equals(certificate)) {
                slot.certificate = certificate;
                log.event(certificate.name(), "settings changed; checking it again");
                schedule(slot, clock.instant());
            } else if (recheck) {
                schedule(slot, schedule.onRequest(clock.instant(), slot.retryAfter));
            }
        }
    }

    private void schedule(Slot slot, Instant when) {
        slot.cancel();
        if (slot.running) {
            slot.again = true; // looked at once the order in flight is done
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        try {
            slot.timer = coordinator.schedule(() -> start(slot), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void start(Slot slot) {
        if (slot.removed || slot.running) {
            return;
        }
        slot.running = true;
        slot.again = false;
        FleetCertificate certificate = slot.certificate;
        try {
            workers.execute(() -> {
                FleetWork.Outcome outcome = work.run(certificate);
                onCoordinator(() -> finished(slot, outcome));
            });
        } catch (RejectedExecutionException e) {
            slot.running = false; // stopping
        }
    }

    private void finished(Slot slot, FleetWork.Outcome outcome) {
        slot.running = false;
        if (slot.removed) {
            return;
        }
        Instant now = clock.instant();
        Instant next;
        if (outcome.failure().isPresent()) {
            slot.failures++;
            slot.retryAfter = FleetSchedule.retryAfter(now, outcome.failure().get());
            next = schedule.afterFailure(now, slot.failures, outcome.failure().get());
            log.event(slot.certificate.name(), "next attempt " + FleetWork.when(now, next) + " (failed " + slot.failures
                    + (slot.failures == 1 ? " time)" : " times in a row)"));
        } else {
            slot.failures = 0;
            slot.retryAfter = Optional.empty();
            next = schedule.afterSuccess(now, outcome.renewAt());
        }
        schedule(slot, slot.again ? schedule.onRequest(now, slot.retryAfter) : next);
    }

    private void onCoordinator(Runnable task) {
        try {
            coordinator.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.line("internal error: " + ErrorHandler.oneLine(e));
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: nothing more is scheduled
        }
    }

    /**
     * Stops: nothing new is started, the orders in flight get {@code grace} to finish, then are
     * interrupted, which abandons them cleanly (their challenges are withdrawn, nothing is saved).
     * Returns when the work threads are done. Idempotent.
     *
     * @param grace how long orders in flight may take to finish
     */
    void stop(Duration grace) {
        coordinator.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.line("abandoning the orders still in flight");
                workers.shutdownNow();
                workers.awaitTermination(30, TimeUnit.SECONDS);
            }
            coordinator.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits until {@link #stop} has finished.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Stops with no grace period. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /**
     * The names of the lineages kept valid now, for tests and the start-up line.
     *
     * @return the names, sorted
     */
    List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            coordinator.submit(() -> names.addAll(slots.keySet())).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of();
        }
        return names.stream().sorted().toList();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One lineage's place in the schedule. */
    private static final class Slot {
        private FleetCertificate certificate;
        private ScheduledFuture<?> timer;
        private int failures;
        private Optional<Instant> retryAfter = Optional.empty(); // the CA's, after the last failure
        private boolean running;
        private boolean again;
        private boolean removed;

        Slot(FleetCertificate certificate) {
            this.certificate = certificate;
        }

        void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
