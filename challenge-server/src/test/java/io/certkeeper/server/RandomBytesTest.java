package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request lines and headers made of random bytes. The generator is seeded, by default with a fixed
 * seed so that every run sends the same bytes; {@code -Dfuzz.seed=N} sends others, and a failure
 * names the seed and the request that replay it.
 */
class RandomBytesTest {

    private static final long DEFAULT_SEED = 9110;
    private static final int REQUESTS = 200;
    private static final int MAX_RANDOM_BYTES = 300;

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();
    private static long seed;

    @BeforeAll
    static void chooseSeed() {
        seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        System.out.println("RandomBytesTest: seed " + seed + " (-Dfuzz.seed=N for another)");
    }

    @Test
    void randomBytesAloneAreRefused() throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < REQUESTS; i++) {
            String request = randomBytes(random);
            refused(request, i);
        }
    }

    @Test
    void aRandomRequestLineIsRefused() throws IOException {
        Random random = new Random(seed + 1);
        for (int i = 0; i < REQUESTS; i++) {
            String request = randomBytes(random) + "\r\nHost: example.com\r\n\r\n";
            refused(request, i);
        }
    }

    @Test
    void randomHeadersNeverGetAServerError() throws IOException {
        Random random = new Random(seed + 2);
        for (int i = 0; i < REQUESTS; i++) {
            String request = "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n" + randomBytes(random) + "\r\n\r\n";
            try {
                RawExchange.send(server.port(), request).assertNoServerError(request);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", request " + i + ": " + e.getMessage(), e);
            }
        }
    }

    private static void refused(String request, int index) throws IOException {
        try {
            RawExchange.send(server.port(), request).assertRefused(request);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", request " + index + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@link #MAX_RANDOM_BYTES} bytes of any value, one ISO-8859-1 character each. */
    private static String randomBytes(Random random) {
        char[] bytes = new char[1 + random.nextInt(MAX_RANDOM_BYTES)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (char) random.nextInt(256);
        }
        return new String(bytes);
    }
}
