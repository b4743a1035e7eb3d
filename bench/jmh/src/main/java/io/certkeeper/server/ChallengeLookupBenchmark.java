package io.certkeeper.server;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ChallengeHandler} does for every request to the challenge path before Undertow
 * writes the answer: check the token, read the {@code Host}, look the token up, find the encoded
 * body. Each step alone, then all of them as the handler runs them ({@link #lookUp}); and, for
 * comparison, the same steps as they were before they were tuned ({@link #lookUpWithRegularExpressions}:
 * regular expressions, a fresh encoding per answer).
 *
 * <p>Run it as bench/README.md says; {@code -prof gc} adds the bytes allocated per operation.
 *
 * <p>Not thread-safe: JMH gives each benchmark thread a state of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx128m"})
public class ChallengeLookupBenchmark {

    private static final Pattern TOKEN_EXPRESSION = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern REG_NAME_EXPRESSION = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern PORT_EXPRESSION = Pattern.compile(":[0-9]{0,5}");

    // Fields, not constants, so that the JIT cannot fold the work away.
    private String path = Http01Token.PATH_PREFIX + "benchToken_0123456789abcdefghijklmnopqrstuvw";
    private String token = "benchToken_0123456789abcdefghijklmnopqrstuvw";
    private String hostHeader = "bench.test";
    private String hostHeaderWithPort = "Bench.Test:80";

    private InMemoryChallengeStore store;
    private ResponseBodies bodies;
    private HttpServerExchange exchange;

    /** One token present for bench.test, and a request for it as Undertow hands it to the handler. */
    @Setup
    public void setUp() {
        store = new InMemoryChallengeStore();
        store.present(new Http01Token(DomainName.of("bench.test"), token, token + ".benchThumbprint"));
        bodies = new ResponseBodies();
        // Without a connection: enough for the request's headers, never for an answer.
        exchange = new HttpServerExchange(null);
        exchange.getRequestHeaders().put(Headers.HOST, hostHeader);
    }

    /**
     * The token check alone.
     *
     * @return whether the token is well-formed
     */
    @Benchmark
    public boolean tokenCheck() {
        return Http01Token.isValidToken(token);
    }

    /**
     * The token check as a regular expression, as it was.
     *
     * @return whether the token is well-formed
     */
    @Benchmark
    public boolean tokenCheckWithRegularExpression() {
        return TOKEN_EXPRESSION.matcher(token).matches();
    }

    /**
     * The {@code Host} header of the request, as a CA sends it.
     *
     * @return the host
     */
    @Benchmark
    public Optional<String> host() {
        return RequestHost.of(exchange);
    }

    /**
     * A {@code Host} header with capitals and a port.
     *
     * @return the host
     */
    @Benchmark
    public Optional<String> hostWithPort() {
        return RequestHost.parse(hostHeaderWithPort);
    }

    /**
     * A {@code Host} header with capitals and a port, checked with regular expressions, as it was.
     *
     * @return the host
     */
    @Benchmark
    public Optional<String> hostWithPortWithRegularExpressions() {
        return parseWithRegularExpressions(hostHeaderWithPort);
    }

    /**
     * Every step of the handler before it answers, as it runs them.
     *
     * @return the body to answer with
     */
    @Benchmark
    public ResponseBodies.Body lookUp() {
        String requested = path.substring(Http01Token.PATH_PREFIX.length());
        if (!path.startsWith(Http01Token.PATH_PREFIX) || !Http01Token.isValidToken(requested)) {
            throw new IllegalStateException("the benchmark's token is refused");
        }
        Optional<String> host = RequestHost.of(exchange);
        Optional<String> keyAuthorization = store.keyAuthorization(host.orElseThrow(), requested);
        return bodies.of(keyAuthorization.orElseThrow());
    }

    /**
     * The same steps as they were: regular expressions, and the body encoded for each answer.
     *
     * @return the body to answer with
     */
    @Benchmark
    public byte[] lookUpWithRegularExpressions() {
        String requested = path.substring(Http01Token.PATH_PREFIX.length());
        if (!path.startsWith(Http01Token.PATH_PREFIX) || !TOKEN_EXPRESSION.matcher(requested).matches()) {
            throw new IllegalStateException("the benchmark's token is refused");
        }
        Optional<String> host = parseWithRegularExpressions(exchange.getRequestHeaders().getFirst(Headers.HOST));
        Optional<String> keyAuthorization = store.keyAuthorization(host.orElseThrow(), requested);
        return keyAuthorization.orElseThrow().getBytes(StandardCharsets.US_ASCII);
    }

    /** RequestHost.parse for a host name, as it read before it checked characters by hand. */
    private static Optional<String> parseWithRegularExpressions(String authority) {
        String value = authority.strip().toLowerCase(Locale.ROOT);
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (colon >= 0 && !PORT_EXPRESSION.matcher(value.substring(colon)).matches()) {
            return Optional.empty();
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.length() <= 253 && REG_NAME_EXPRESSION.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
