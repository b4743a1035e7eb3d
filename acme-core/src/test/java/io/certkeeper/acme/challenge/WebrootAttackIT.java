package io.certkeeper.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.testing.LocalUser;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresNginx;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.acme.testing.RequiresSecondUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webroot's owner as an attacker, against a real Pebble and a real nginx serving the webroot:
 * while certkeeper (as root) runs webroot orders, an unprivileged process that owns the webroot
 * swaps {@code .well-known}, {@code acme-challenge} and certkeeper's temporary entries for
 * symbolic links into a root-owned directory, and back, in a tight loop. Orders may fail; nothing
 * outside the webroot may change.
 */
@RequiresPebble
@RequiresNginx
@RequiresSecondUser
class WebrootAttackIT {

    private static final int ORDERS = 80;
    private static final int ATTACK_SECONDS_AT_MOST = 45;
    private static final String SECRET = "root's own secret\n";

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    /** Holds the webroot and, beside it, the root-owned target; everything but the webroot must stay as it is. */
    @TempDir
    Path dir;

    /** The account and the attacker's class file, away from what is compared. */
    @TempDir
    Path state;

    /** The attacker's standard output, read past its first line. */
    private BufferedReader attackerOutput;

    @Test
    void theWebrootsOwnerCannotMakeCertkeeperWriteOutsideTheWebroot() throws Exception {
        LocalUser owner = LocalUser.ensure("certkeeper-attacker");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path webroot = Files.createDirectory(dir.resolve("www"));
        Files.setAttribute(webroot, "unix:uid", owner.uid());
        Path target = rootOwnedTarget(dir.resolve("target"));
        Map<String, String> before = outsideTheWebroot(webroot);
        List<DomainName> names = IntStream.range(0, ORDERS + 2).mapToObj(i -> DomainName.of("o" + i + ".attack.test")).toList();
        WebrootChallengeStore store = new WebrootChallengeStore(names.stream()
                .collect(Collectors.toMap(Function.identity(), name -> webroot)));
        // Without the early check (prepare), which would refuse most orders while a link is in
        // place: every order meets the attacker where it writes and cleans up.
        ChallengeStore writesOnly = new ChallengeStore() {
            @Override
            public void present(Http01Token token) throws CertkeeperException {
                store.present(token);
            }

            @Override
            public void cleanUp(Http01Token token) throws CertkeeperException {
                store.cleanUp(token);
            }
        };
        CertificateIssuer issuer = CertificateIssuer.builder(
                        CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle()))
                .accounts(new AccountService(state.resolve("accounts")))
                .accountOptions(new AccountOptions(Optional.empty(), true))
                .challenges(writesOnly)
                .build();

        try (Nginx nginx = Nginx.serve(webroot, pebble.httpPort())) {
            // Without the attacker, the fixture works: orders succeed and leave nothing behind.
            for (DomainName name : names.subList(0, 2)) {
                issuer.issue(CertificateRequest.forDomains(List.of(name), KeySpec.EC_P256), Optional.empty());
            }
            assertThat(webroot).as(nginx.logs()).isEmptyDirectory();

            Process attacker = startAttacker(owner, webroot, target);
            Map<String, Integer> outcomes = new TreeMap<>();
            String attackerSaid;
            try {
                for (DomainName name : names.subList(2, names.size())) {
                    try {
                        issuer.issue(CertificateRequest.forDomains(List.of(name), KeySpec.EC_P256), Optional.empty());
                        outcomes.merge("issued", 1, Integer::sum);
                    } catch (CertkeeperException e) {
                        outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                }
            } finally {
                attackerSaid = stop(attacker);
            }
            assertThat(attackerSaid).as("the attacker ran and swapped entries").containsPattern("swaps=[1-9]");
            assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ORDERS);
            System.out.println("WebrootAttackIT: " + ORDERS + " orders under attack: " + outcomes + ", attacker " + attackerSaid.strip());
        }

        assertThat(outsideTheWebroot(webroot)).as("owners, modes and contents outside the webroot").isEqualTo(before);
    }

    /** A root-owned directory with what an attacker would want: a 0600 file, a 0700 directory with a key. */
    private static Path rootOwnedTarget(Path target) throws IOException {
        Files.createDirectory(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(target.resolve("secret"), SECRET);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path keys = Files.createDirectory(target.resolve("keys"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(Files.writeString(keys.resolve("privkey.pem"), "not really a key\n"),
                PosixFilePermissions.fromString("rw-------"));
        return target;
    }

    /** Every entry under {@link #dir} but the webroot: path, owner, group, mode, and content or link target. */
    private Map<String, String> outsideTheWebroot(Path webroot) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(p -> !p.startsWith(webroot)).sorted()::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                String content = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? sha256(Files.readAllBytes(p)) : "";
                entries.put(dir.relativize(p).toString(), a.get("uid") + ":" + a.get("gid") + " "
                        + Integer.toOctalString((Integer) a.get("mode")) + " " + content);
            }
        }
        return entries;
    }

    /** Starts {@link WebrootAttacker} as the webroot's owner, from a copy of its class file the owner can read. */
    private Process startAttacker(LocalUser owner, Path webroot, Path target) throws IOException {
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = state.resolve("attacker-classes");
        Path classFile = classes.resolve(WebrootAttacker.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = WebrootAttacker.class.getResourceAsStream(WebrootAttacker.class.getSimpleName() + ".class")) {
            Files.copy(in, classFile);
        }
        for (Path p = classFile.getParent(); p.startsWith(classes); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(classFile, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(owner.command(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classes.toString(),
                WebrootAttacker.class.getName(), webroot.toString(), target.toString(), target.resolve("secret").toString(),
                Integer.toString(ATTACK_SECONDS_AT_MOST)))).redirectErrorStream(true).start();
        attackerOutput = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = attackerOutput.readLine();
        assertThat(first).as("the attacker starts as " + owner.name()).isEqualTo("ready");
        return process;
    }

    /** Closes the attacker's input, which ends its loop, and returns what it printed after {@code ready}. */
    private String stop(Process attacker) throws IOException, InterruptedException {
        attacker.getOutputStream().close();
        if (!attacker.waitFor(10, TimeUnit.SECONDS)) {
            attacker.descendants().forEach(ProcessHandle::destroyForcibly);
            attacker.destroyForcibly();
            attacker.waitFor(10, TimeUnit.SECONDS);
        }
        return attackerOutput.lines().collect(Collectors.joining("\n"));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
