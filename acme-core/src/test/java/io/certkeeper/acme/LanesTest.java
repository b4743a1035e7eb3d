package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.error.CertkeeperException;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;

/** Lanes run their items one after another and the lanes at the same time; no network is used. */
class LanesTest {

    private static List<Login> logins;

    @BeforeAll
    static void logins() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair key = generator.generateKeyPair();
        URL account = new URL("https://ca.test/acct/1");
        logins = IntStream.range(0, Lanes.MAX)
                .mapToObj(i -> new Login(account, key, new Session(URI.create("https://ca.test/dir")))).toList();
    }

    @Test
    void runsEachLanesItemsInTurnOnOneThreadAndTheLanesTogether() throws Exception {
        List<Integer> items = IntStream.range(0, 9).boxed().toList();
        // Every lane's first item waits for the other lanes' first items: lanes run one after
        // another would break the barrier when it times out.
        CyclicBarrier firstItems = new CyclicBarrier(3);
        Map<Integer, String> threadOfLane = new ConcurrentHashMap<>();
        Map<Integer, List<Integer>> orderInLane = new ConcurrentHashMap<>();

        List<String> results;
        try (Lanes lanes = new Lanes(logins.subList(0, 3))) {
            results = lanes.map(items, i -> i % 3, i -> {
                int lane = i % 3;
                assertThat(threadOfLane.computeIfAbsent(lane, l -> Thread.currentThread().getName()))
                        .isEqualTo(Thread.currentThread().getName());
                orderInLane.computeIfAbsent(lane, l -> Collections.synchronizedList(new ArrayList<>())).add(i);
                if (i < 3) {
                    try {
                        firstItems.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new CertkeeperException("lane " + lane + " ran alone: " + e, e);
                    }
                }
                return "r" + i;
            });
        }

        assertThat(results).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
        assertThat(orderInLane).containsEntry(0, List.of(0, 3, 6)).containsEntry(1, List.of(1, 4, 7))
                .containsEntry(2, List.of(2, 5, 8));
        assertThat(threadOfLane.values()).doesNotHaveDuplicates().doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void oneLaneRunsOnTheCallingThread() throws Exception {
        List<String> threads = new ArrayList<>();
        try (Lanes lanes = new Lanes(logins.subList(0, 1))) {
            lanes.map(List.of("a", "b"), item -> 0, item -> threads.add(Thread.currentThread().getName()));
        }
        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
    }

    @Test
    void theFirstFailureIsThrownAndStopsTheOtherLanes() throws Exception {
        CertkeeperException failure = new CertkeeperException("lane 0 failed");
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch otherInterrupted = new CountDownLatch(1);

        try (Lanes lanes = new Lanes(logins.subList(0, 2))) {
            assertThatThrownBy(() -> lanes.map(List.of(0, 1), i -> i, i -> {
                if (i == 0) {
                    awaitQuietly(otherStarted);
                    throw failure;
                }
                otherStarted.countDown();
                try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    otherInterrupted.countDown();
                }
                return null;
            })).isSameAs(failure);
        }
        assertThat(otherInterrupted.await(10, TimeUnit.SECONDS)).as("the other lane was interrupted").isTrue();
    }

    @Test
    void needsOneToMaxLogins() {
        assertThatThrownBy(() -> new Lanes(List.of())).isInstanceOf(IllegalArgumentException.class);
        List<Login> tooMany = new ArrayList<>(logins);
        tooMany.add(logins.get(0));
        assertThatThrownBy(() -> new Lanes(tooMany)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
