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
            Path.of("/sbin"));

    /** The programs, in the order checked, with the Debian package that provides each. */
    private static final List<Map.Entry<String, String>> PROGRAMS = List.of(Map.entry("dockerd", "docker.io"),
            Map.entry("docker", "docker.io"), Map.entry("busybox", "busybox-static"), Map.entry("tar", "tar"));

    private DockerPrograms() {
    }

    /**
     * What keeps a {@link DockerDaemon} from starting on this machine, if anything.
     *
     * @return the message, with what to do
     */
    static Optional<String> missing() {
        return missing(directories(System.getenv()), isRoot());
    }

    /**
     * What keeps a {@link DockerDaemon} from starting: a missing program, or a user other than root.
     *
     * @param directories where to look for the programs
     * @param root whether the tests run as root
     * @return the message for the first problem, with what to do
     */
    static Optional<String> missing(List<Path> directories, boolean root) {
        for (Map.Entry<String, String> program : PROGRAMS) {
            if (find(program.getKey(), directories).isEmpty()) {
                return Optional.of(program.getKey() + " is not installed: apt-get install " + program.getValue());
            }
        }
        if (!root) {
            return Optional.of("dockerd needs root: run the Docker tests as root");
        }
        return Optional.empty();
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Optional<Path> find(String program) {
        return find(program, directories(System.getenv()));
    }

    private static Optional<Path> find(String program, List<Path> directories) {
        return directories.stream()
                .map(directory -> directory.resolve(program))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    private static List<Path> directories(Map<String, String> environment) {
        List<Path> directories = new ArrayList<>();
        for (String entry : environment.getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty()) {
                directories.add(Path.of(entry));
            }
        }
        directories.addAll(EXTRA_DIRECTORIES);
        return directories;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
