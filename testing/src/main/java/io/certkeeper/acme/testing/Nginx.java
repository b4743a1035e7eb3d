package io.certkeeper.acme.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real nginx on 127.0.0.1 serving a webroot for HTTP-01, with exactly the location block a
 * user puts into their configuration for webroot mode:
 *
 * <pre>
 * location ^~ /.well-known/acme-challenge/ { root &lt;webroot&gt;; default_type text/plain; }
 * </pre>
 *
 * <p>Every other path answers 404. With {@link #serve(Path, int, Tls)} it also serves TLS on a second
 * port, with the certificate and key files given, such as a lineage's {@code live/} links; nginx
 * reads them at start and at every {@link #reload()}, as a real deployment does.
 * {@link #serve(Path, String)} serves a server block of the caller's own instead, and
 * {@link #checkConfig(String)} runs {@code nginx -t} on one without starting nginx.
 *
 * <p>The configuration, pid file, logs and temp directories live
 * in a temporary directory; nothing of the system's nginx is used. Worker processes run as the
 * user running the test (with {@code user root;} when that is root), so the result does not depend
 * on whether the test runs as root. That also means nginx reads files a real deployment's
 * {@code www-data} could not: check file modes in the store's own tests.
 *
 * <pre>{@code
 * try (Nginx nginx = Nginx.serve(webroot, pebble.httpPort())) { ... }
 * }</pre>
 *
 * <p>Starting aborts the test (fails it under {@code CI=true}) if nginx is not installed. A class
 * that starts nginx in {@code @BeforeAll} is annotated with {@link RequiresNginx}, since JUnit does
 * not report an abort there; see {@link Prerequisites}. Not thread-safe.
 */
public final class Nginx implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern UNSAFE_IN_CONFIG = Pattern.compile("[\\s;{}\"'\\\\$#]");
    private static final String WORKER_STARTED = "start worker process";
    private static final String WORKER_EXITED = "exited with code";

    private final ScratchDirectory scratch;
    private final ChildProcess master;
    private final List<String> baseCommand;
    private final Path webroot;
    private final int port;
    private final Optional<Tls> tls;

    private Nginx(ScratchDirectory scratch, ChildProcess master, List<String> baseCommand, Path webroot, int port,
            Optional<Tls> tls) {
        this.scratch = scratch;
        this.master = master;
        this.baseCommand = baseCommand;
        this.webroot = webroot;
        this.port = port;
        this.tls = tls;
    }

    /**
     * A TLS server of nginx: {@code listen 127.0.0.1:<port> ssl} with {@code ssl_certificate} and
     * {@code ssl_certificate_key}, and {@code ssl_trusted_certificate} if given; every path answers
     * 404. The paths are written into the configuration as they are, not resolved, so that a link
     * that moves to a new version is followed at the next reload.
     *
     * @param port the TCP port on 127.0.0.1
     * @param certificate the certificate chain, such as {@code live/<name>/fullchain.pem}
     * @param key its private key, such as {@code live/<name>/privkey.pem}
     * @param trustedCertificate the issuers for OCSP stapling, such as {@code live/<name>/chain.pem}, if any
     */
    public record Tls(int port, Path certificate, Path key, Optional<Path> trustedCertificate) {

        /**
         * Checks the paths.
         *
         * @throws IllegalArgumentException if a path cannot be written into an nginx configuration unquoted
         */
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(trustedCertificate, "trustedCertificate");
            for (Path path : trustedCertificate.map(t -> List.of(certificate, key, t)).orElse(List.of(certificate, key))) {
                if (!path.isAbsolute() || UNSAFE_IN_CONFIG.matcher(path.toString()).find()) {
                    throw new IllegalArgumentException("not an absolute path an nginx configuration can hold unquoted: " + path);
                }
            }
        }

        /**
         * The TLS server on a free port, with the files of a certbot-style {@code live/<name>/}
         * directory: {@code fullchain.pem}, {@code privkey.pem} and {@code chain.pem} as trusted
         * certificate.
         *
         * @param liveDirectory the lineage's {@code live/<name>/} directory
         * @return the server's settings
         */
        public static Tls live(Path liveDirectory) {
            Path dir = liveDirectory.toAbsolutePath();
            return new Tls(FreePorts.tcp(), dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"),
                    Optional.of(dir.resolve("chain.pem")));
        }

        private String serverBlock() {
            return """

                        server {
                            listen 127.0.0.1:%d ssl;
                            ssl_certificate %s;
                            ssl_certificate_key %s;
                            %s
                            location / {
                                return 404;
                            }
                        }
                    """.formatted(port, certificate, key,
                    trustedCertificate.map(t -> "ssl_trusted_certificate " + t + ";").orElse("# no ssl_trusted_certificate"));
        }
    }

    /**
     * Starts nginx on a free port.
     *
     * @param webroot an existing directory; challenges are served from
     *     {@code <webroot>/.well-known/acme-challenge/}
     * @return the running nginx
     * @throws IllegalArgumentException if the webroot is not a directory or its path cannot be
     *     written into an nginx configuration unquoted
     * @throws IllegalStateException if nginx does not start, with its error log
     */
    public static Nginx serve(Path webroot) {
        return serve(webroot, FreePorts.tcp());
    }

    /**
     * Starts nginx on a given port, e.g. {@link Pebble#httpPort()}.
     *
     * @param webroot an existing directory; challenges are served from
     *     {@code <webroot>/.well-known/acme-challenge/}
     * @param port the TCP port on 127.0.0.1
     * @return the running nginx
     * @throws IllegalArgumentException if the webroot is not a directory or its path cannot be
     *     written into an nginx configuration unquoted
     * @throws IllegalStateException if nginx does not start, with its error log
     */
    public static Nginx serve(Path webroot, int port) {
        return serve(webroot, port, Optional.empty());
    }

    /**
     * Starts nginx on a given port for HTTP, and with a TLS server.
     *
     * @param webroot an existing directory; challenges are served from
     *     {@code <webroot>/.well-known/acme-challenge/}
     * @param port the TCP port on 127.0.0.1 for HTTP
     * @param tls the TLS server
     * @return the running nginx
     * @throws IllegalArgumentException if the webroot is not a directory or its path cannot be
     *     written into an nginx configuration unquoted
     * @throws IllegalStateException if nginx does not start, for instance because it cannot load
     *     the certificate or key, with its error log
     */
    public static Nginx serve(Path webroot, int port, Tls tls) {
        return serve(webroot, port, Optional.of(tls));
    }

    private static Nginx serve(Path webroot, int port, Optional<Tls> tls) {
        Path root = checkedWebroot(webroot);
        if (UNSAFE_IN_CONFIG.matcher(root.toString()).find()) {
            throw new IllegalArgumentException("webroot path has a character an unquoted nginx 'root' cannot hold: "
                    + root);
        }
        return start(root, port, """
                location ^~ /.well-known/acme-challenge/ { root %s; default_type text/plain; }

                location / {
                    return 404;
                }
                """.formatted(root), tls);
    }

    /**
     * Starts nginx on a free port with a server block of the caller's own directives in place of
     * the fixture's location blocks: to serve the configuration a user would write, such as what
     * {@code certkeeper nginx-snippet} prints. The fixture writes nothing of the webroot into the
     * configuration, so its path may hold any character the directives can quote.
     *
     * @param webroot an existing directory, the one the directives serve
     * @param serverDirectives what goes into {@code server { listen 127.0.0.1:<port>; ... }}
     * @return the running nginx
     * @throws IllegalArgumentException if the webroot is not a directory
     * @throws IllegalStateException if nginx does not start (for instance, refuses the directives),
     *     with its error log
     */
    public static Nginx serve(Path webroot, String serverDirectives) {
        Objects.requireNonNull(serverDirectives, "serverDirectives");
        return start(checkedWebroot(webroot), FreePorts.tcp(), serverDirectives, Optional.empty());
    }

    /**
     * Runs {@code nginx -t} on a configuration whose {@code http} block holds the given directives
     * (besides the fixture's own logs and temp paths), as a user checks a configuration before
     * reloading. nginx loads every certificate and key named without variables, so this also
     * checks that each pair matches.
     *
     * @param httpDirectives what goes into {@code http { ... }}, such as {@code server} blocks
     * @return what nginx printed (it warns there, too)
     * @throws IllegalStateException if nginx refuses the configuration, with what it printed
     */
    public static String checkConfig(String httpDirectives) {
        Objects.requireNonNull(httpDirectives, "httpDirectives");
        Path binary = Prerequisites.nginx();
        try (ScratchDirectory scratch = ScratchDirectory.create("certkeeper-nginx-t-")) {
            Path config = scratch.resolve("nginx.conf");
            Files.writeString(config, config(scratch, httpDirectives, isRoot(scratch.path())), StandardCharsets.UTF_8);
            Process test = new ProcessBuilder(binary.toString(), "-t", "-p", scratch.path() + "/", "-c", config.toString(),
                    "-e", scratch.resolve("error.log").toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!test.waitFor(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                test.destroyForcibly();
                throw new IllegalStateException("nginx -t did not finish within " + STARTUP_TIMEOUT.toMillis() + " ms");
            }
            String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (test.exitValue() != 0) {
                throw new IllegalStateException("nginx -t refused the configuration (exit " + test.exitValue() + "):\n"
                        + output + "--- configuration:\n" + Files.readString(config, StandardCharsets.UTF_8));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run nginx -t", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running nginx -t", e);
        }
    }

    private static Nginx start(Path root, int port, String serverDirectives, Optional<Tls> tls) {
        Path binary = Prerequisites.nginx();
        ScratchDirectory scratch = ScratchDirectory.create("certkeeper-nginx-");
        ChildProcess master = null;
        try {
            Path config = scratch.resolve("nginx.conf");
            String server = """
                    server {
                        listen 127.0.0.1:%d;

                    %s
                    }
                    """.formatted(port, serverDirectives.indent(4).stripTrailing());
            Files.writeString(config, config(scratch, server + tls.map(Tls::serverBlock).orElse(""), isRoot(scratch.path())),
                    StandardCharsets.UTF_8);
            List<String> baseCommand = List.of(binary.toString(), "-p", scratch.path() + "/", "-c", config.toString(),
                    "-e", scratch.resolve("error.log").toString());
            master = ChildProcess.start("nginx", new ProcessBuilder(baseCommand).directory(scratch.path().toFile()),
                    scratch.resolve("nginx.out"));
            Path errorLog = scratch.resolve("error.log");
            ChildProcess.await("nginx listens on 127.0.0.1:" + port, STARTUP_TIMEOUT,
                    () -> count(errorLog, WORKER_STARTED) > 0 && FreePorts.isListening(port)
                            && (tls.isEmpty() || FreePorts.isListening(tls.get().port())), List.of(master));
            return new Nginx(scratch, master, baseCommand, root, port, tls);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new UncheckedIOException("cannot start nginx", (IOException) e);
            if (master != null) {
                failure.addSuppressed(new IllegalStateException(errorLogOf(scratch)));
            }
            throw Cleanup.after(failure, master, scratch);
        }
    }

    /**
     * The port nginx listens on, on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The TLS server, if nginx was started with one.
     *
     * @return its settings, with its port
     */
    public Optional<Tls> tls() {
        return tls;
    }

    /**
     * The server's base URL, {@code http://127.0.0.1:<port>}.
     *
     * @return the URL, without a trailing slash
     */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * The directory served, as a real path.
     *
     * @return the webroot
     */
    public Path webroot() {
        return webroot;
    }

    /**
     * The master process's pid file, as a reload signal's {@code pidfile} names it.
     *
     * @return {@code <scratch>/nginx.pid}
     */
    public Path pidFile() {
        return scratch.resolve("nginx.pid");
    }

    /**
     * The command that makes this nginx reload its configuration ({@code nginx -s reload} with
     * this instance's prefix and configuration), for a deploy hook under test to run.
     *
     * @return the program and its arguments
     */
    public List<String> reloadCommand() {
        List<String> command = new ArrayList<>(baseCommand);
        command.add("-s");
        command.add("reload");
        return List.copyOf(command);
    }

    /**
     * Reloads the configuration and waits until a new worker process serves and the old one has
     * exited, so that every connection from then on gets the new configuration and certificates.
     *
     * @throws IllegalStateException if the reload fails, or no new worker starts or the old one
     *     does not exit in time
     */
    public void reload() {
        Path errorLog = scratch.resolve("error.log");
        int workersBefore = count(errorLog, WORKER_STARTED);
        int exitsBefore = count(errorLog, WORKER_EXITED);
        try {
            Process signal = new ProcessBuilder(reloadCommand()).redirectErrorStream(true).start();
            signal.getOutputStream().close();
            if (!signal.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                signal.destroyForcibly();
                throw new IllegalStateException("nginx -s reload did not finish\n" + logs());
            }
            String output = new String(signal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (signal.exitValue() != 0) {
                throw new IllegalStateException("nginx -s reload exited with " + signal.exitValue() + ": " + output
                        + "\n" + logs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run nginx -s reload", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading nginx", e);
        }
        ChildProcess.await("a new nginx worker starts", STARTUP_TIMEOUT,
                () -> count(errorLog, WORKER_STARTED) > workersBefore, List.of(master));
        // Until the old worker is gone it may still accept a connection, and answer with the old certificate.
        ChildProcess.await("the old nginx worker exits", STARTUP_TIMEOUT,
                () -> count(errorLog, WORKER_EXITED) > exitsBefore, List.of(master));
    }

    /**
     * The error log (level notice: start, reload, and why a request failed).
     *
     * @return the file, deleted on {@link #close()}
     */
    public Path errorLog() {
        return scratch.resolve("error.log");
    }

    /**
     * The access log, one line per request.
     *
     * @return the file, deleted on {@link #close()}
     */
    public Path accessLog() {
        return scratch.resolve("access.log");
    }

    /**
     * The recent error log and the process's output, to append to a failure message.
     *
     * @return the text
     */
    public String logs() {
        return errorLogOf(scratch) + "\n" + master.describe();
    }

    /** Stops nginx (SIGTERM, then SIGKILL for it and its workers) and deletes its files. */
    @Override
    public void close() {
        try (scratch; master) {
            // closed in reverse order: nginx, then its files
        }
    }

    @Override
    public String toString() {
        return "nginx on " + baseUrl() + " serving " + webroot;
    }

    private static Path checkedWebroot(Path webroot) {
        Objects.requireNonNull(webroot, "webroot");
        if (!Files.isDirectory(webroot)) {
            throw new IllegalArgumentException("webroot is not a directory: " + webroot);
        }
        Path real;
        try {
            real = webroot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve webroot " + webroot, e);
        }
        return real;
    }

    private static String config(ScratchDirectory scratch, String httpDirectives, boolean runningAsRoot) {
        String d = scratch.path().toString();
        if (UNSAFE_IN_CONFIG.matcher(d).find()) {
            throw new IllegalStateException("temporary directory unusable in an nginx config: " + d);
        }
        return """
                # Written by certkeeper's Nginx test fixture.
                daemon off;
                master_process on;
                worker_processes 1;
                %s
                pid %s/nginx.pid;
                error_log %s/error.log notice;

                events {
                    worker_connections 64;
                }

                http {
                    access_log %s/access.log;
                    client_body_temp_path %s/client_body_temp;
                    proxy_temp_path %s/proxy_temp;
                    fastcgi_temp_path %s/fastcgi_temp;
                    uwsgi_temp_path %s/uwsgi_temp;
                    scgi_temp_path %s/scgi_temp;

                %s
                }
                """.formatted(runningAsRoot ? "user root;" : "# workers run as the user running the test",
                d, d, d, d, d, d, d, d, httpDirectives.indent(4).stripTrailing());
    }

    /** Whether this JVM runs as root: the owner of a directory it just created. */
    private static boolean isRoot(Path ownDirectory) throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(ownDirectory, "unix:uid"));
    }


    private static int count(Path log, String needle) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int count = 0;
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static String errorLogOf(ScratchDirectory scratch) {
        Path log = scratch.resolve("error.log");
        try {
            return "--- nginx error log " + log + ":\n"
                    + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)");
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
