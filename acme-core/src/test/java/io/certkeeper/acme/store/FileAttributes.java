package io.certkeeper.acme.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The immutable attribute ({@code chattr +i}): the one way to make a directory refuse writes to
 * root, which the tests run as. Needs an ext2/3/4, XFS or Btrfs file system and
 * CAP_LINUX_IMMUTABLE; a test that cannot have it is skipped, visibly.
 */
public final class FileAttributes {

    private FileAttributes() {
    }

    /** Skips the calling test unless {@code chattr +i} works on this directory's file system. */
    public static void assumeImmutableSupported(Path dir) throws IOException, InterruptedException {
        boolean supported = chattr("+i", dir);
        if (supported) {
            chattr("-i", dir);
        }
        assumeTrue(supported, "chattr +i is not available here (needs root and ext4/XFS/Btrfs)");
    }

    /**
     * Makes a file or directory immutable until the returned handle is closed.
     */
    public static Immutable immutable(Path path) throws IOException, InterruptedException {
        if (!chattr("+i", path)) {
            throw new IllegalStateException("chattr +i " + path + " failed");
        }
        return new Immutable(path);
    }

    /** Clears the immutable attribute again on close. */
    public static final class Immutable implements AutoCloseable {
        private final Path path;

        private Immutable(Path path) {
            this.path = path;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            chattr("-i", path);
        }
    }

    private static boolean chattr(String flag, Path path) throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false; // no chattr binary
        }
    }
}
