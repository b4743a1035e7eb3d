package io.certkeeper.acme.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that an external program an integration test needs (Pebble, nginx) is installed.
 *
 * <p>A missing program never lets a test pass silently: under {@code CI=true} the test fails, so
 * a CI image that lost a package breaks the build; elsewhere the test is aborted and reported as
 * skipped, with the command that installs the package.
 *
 * <p>Call these checks from a test or a {@code @BeforeEach} method. JUnit reports an abort in
 * {@code @BeforeAll} as no test at all (Failsafe prints "Tests run: 0"), so a class that starts
 * its fixture in {@code @BeforeAll} is annotated with {@link RequiresPebble} or
 * {@link RequiresNginx} instead, which skips each of its tests visibly.
 */
public final class Prerequisites {

    /** Where Debian puts nginx; not on an ordinary user's PATH. */
    private static final List<Path> EXTRA_DIRECTORIES = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"),
            Path.of("/sbin"));

    /** The programs the fixtures run, with the Debian package that provides each. */
    enum Program {
        PEBBLE("pebble", "pebble"),
        PEBBLE_CHALLTESTSRV("pebble-challtestsrv", "pebble"),
        NGINX("nginx", "nginx-light"),
        USERADD("useradd", "passwd"),
        USERDEL("userdel", "passwd"),
        RUNUSER("runuser", "util-linux");

        private final String fileName;
        private final String debianPackage;

        Program(String fileName, String debianPackage) {
            this.fileName = fileName;
            this.debianPackage = debianPackage;
        }
    }

    private Prerequisites() {
    }

    /**
     * Finds the {@code pebble} ACME test server.
     *
     * @return the program's path
     * @throws org.opentest4j.AssertionFailedError if it is missing and {@code CI=true}
     * @throws org.opentest4j.TestAbortedException if it is missing otherwise
     */
    public static Path pebble() {
        return require(Program.PEBBLE);
    }

    /**
     * Finds {@code pebble-challtestsrv}, the mock DNS server shipped with Pebble.
     *
     * @return the program's path
     * @throws org.opentest4j.AssertionFailedError if it is missing and {@code CI=true}
     * @throws org.opentest4j.TestAbortedException if it is missing otherwise
     */
    public static Path pebbleChalltestsrv() {
        return require(Program.PEBBLE_CHALLTESTSRV);
    }

    /**
     * Finds {@code nginx}.
     *
     * @return the program's path
     * @throws org.opentest4j.AssertionFailedError if it is missing and {@code CI=true}
     * @throws org.opentest4j.TestAbortedException if it is missing otherwise
     */
    public static Path nginx() {
        return require(Program.NGINX);
    }

    /**
     * Finds a program on the {@code PATH} (and in the sbin directories).
     *
     * @param program the program's file name
     * @param debianPackage the package that provides it, for the message
     * @return the program's path
     * @throws org.opentest4j.AssertionFailedError if it is missing and {@code CI=true}
     * @throws org.opentest4j.TestAbortedException if it is missing otherwise
     */
    public static Path require(String program, String debianPackage) {
        return require(program, debianPackage, System.getenv());
    }

    private static Path require(Program program) {
        return require(program.fileName, program.debianPackage);
    }

    static Path require(String program, String debianPackage, Map<String, String> environment) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(debianPackage, "debianPackage");
        Optional<Path> found = find(program, environment);
        if (found.isPresent()) {
            return found.get();
        }
        String message = missingMessage(program, debianPackage);
        if (onCi(environment)) {
            return Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable: Assumptions.abort returned");
    }

    /**
     * Says what is missing, if anything.
     *
     * @return the message for the first missing program
     */
    static Optional<String> missing(List<Program> programs, Map<String, String> environment) {
        return programs.stream()
                .filter(program -> find(program.fileName, environment).isEmpty())
                .map(program -> missingMessage(program.fileName, program.debianPackage))
                .findFirst();
    }

    /**
     * Says why a test cannot act as a second user, if it cannot: creating one needs root.
     *
     * @param uid the user the tests run as
     * @return the message, or empty if the tests run as root
     */
    static Optional<String> notRoot(long uid) {
        return uid == 0 ? Optional.empty()
                : Optional.of("acting as a second, unprivileged user needs root to create it (the tests run as uid " + uid
                        + "); run them as root, as CI does");
    }

    static boolean onCi(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.get("CI"));
    }

    private static String missingMessage(String program, String debianPackage) {
        return program + " is not installed: apt-get install " + debianPackage;
    }

    private static Optional<Path> find(String program, Map<String, String> environment) {
        List<Path> directories = new ArrayList<>();
        for (String entry : environment.getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty()) {
                directories.add(Path.of(entry));
            }
        }
        directories.addAll(EXTRA_DIRECTORIES);
        return directories.stream()
                .map(directory -> directory.resolve(program))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
