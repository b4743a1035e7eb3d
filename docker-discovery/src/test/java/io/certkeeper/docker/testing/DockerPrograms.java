package io.certkeeper.docker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link DockerDaemon} needs from the machine, and the message that says how to get what is
 * missing.
 */
final class DockerPrograms {

    /** Where Debian puts daemons; not on an ordinary user's PATH. */
    private static final List<Path> EXTRA_DIRECTORIES = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"),
            Path.of("/sbin"), Path.of("/bin"));

    /** The programs, with the Debian package that provides each. */
    private static final Map<String, String> PACKAGES = Map.of("dockerd", "docker.io", "docker", "docker.io",
            "busybox", "busybox-static", "tar", "tar");

    private DockerPrograms() {
    }

    /**
     * What keeps a {@link DockerDaemon} from starting here, if anything: a missing program, or a
     * user other than root.
     *
     * @return the message, with what to do
     */
    static Optional<String> missing() {
        for (String program : List.of("dockerd", "docker", "busybox", "tar")) {
            if (find(program).isEmpty()) {
                return Optional.of(program + " is not installed: apt-get install " + PACKAGES.get(program));
            }
        }
        if (!isRoot()) {
            return Optional.of("dockerd needs root: run the Docker tests as root");
        }
        return Optional.empty();
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Optional<Path> find(String program) {
        List<Path> directories = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
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

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
