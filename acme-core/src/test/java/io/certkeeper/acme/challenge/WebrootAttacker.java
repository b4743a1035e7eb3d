package io.certkeeper.acme.challenge;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The webroot's owner turned attacker, run as that user in a JVM of its own by
 * {@link WebrootAttackIT}: in a tight loop, it swaps {@code .well-known}, {@code acme-challenge}
 * for symbolic links into a root-owned directory and back, and moves every {@code .certkeeper*}
 * entry certkeeper makes aside for such a link. Uses only the
 * JDK and no nested class, so that one class file is its whole class path.
 *
 * <p>Arguments: the webroot, the target directory, a file in it, and how many seconds to run at
 * most. Prints {@code ready} when it starts, runs until its standard input closes or the time is
 * up, then prints {@code swaps=N}.
 */
public final class WebrootAttacker {

    private static final String SAVED = "attacker-saved-";

    private final Path webroot;
    private final Path targetDirectory;
    private final Path targetFile;
    private static volatile boolean stopped;
    private long swaps;
    private long saved;

    private WebrootAttacker(Path webroot, Path targetDirectory, Path targetFile) {
        this.webroot = webroot;
        this.targetDirectory = targetDirectory;
        this.targetFile = targetFile;
    }

    /** Runs the attack until the parent closes standard input or the time is up. */
    public static void main(String[] args) {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; it closes
                }
            } catch (IOException e) {
                // closed as well
            }
            stopped = true;
        });
        watcher.setDaemon(true);
        watcher.start();
        WebrootAttacker attacker = new WebrootAttacker(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        Path wellKnown = attacker.webroot.resolve(".well-known");
        Path challenges = wellKnown.resolve("acme-challenge");
        long nextFlipWellKnown = 0;
        long nextFlipChallenges = 0;
        System.out.println("ready");
        System.out.flush();
        while (!stopped && System.nanoTime() < end) {
            attacker.swapCertkeeperEntries(attacker.webroot);
            attacker.swapCertkeeperEntries(challenges);
            long now = System.nanoTime();
            if (now >= nextFlipWellKnown) {
                attacker.flip(wellKnown);
                nextFlipWellKnown = now + pause();
            }
            if (now >= nextFlipChallenges) {
                attacker.flip(challenges);
                nextFlipChallenges = now + pause();
            }
        }
        System.out.println("swaps=" + attacker.swaps);
    }

    /** 0.5 to 3 ms between two swaps of a directory, so that most orders get past their early check. */
    private static long pause() {
        return ThreadLocalRandom.current().nextLong(500_000, 3_000_000);
    }

    /** Moves each of certkeeper's temporary entries aside and puts a link to the target in its place. */
    private void swapCertkeeperEntries(Path dir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".certkeeper*")) {
            entries.forEach(found::add);
        } catch (IOException | RuntimeException e) {
            return; // not there, or a link into the target that this user cannot read
        }
        for (Path entry : found) {
            if (Files.isSymbolicLink(entry)) {
                continue;
            }
            try {
                boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                Files.move(entry, dir.resolve(SAVED + saved++));
                Files.createSymbolicLink(entry, directory ? targetDirectory : targetFile);
                swaps++;
            } catch (IOException e) {
                // raced with certkeeper: try the next one
            }
        }
    }

    /**
     * Puts a link to the target in a path's place for 0.05 to 0.5 ms, moving a directory that is
     * there aside and back; where there is nothing, sometimes makes a directory of this user's own
     * instead, and leaves it.
     */
    private void flip(Path path) {
        Path aside = null;
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                aside = path.resolveSibling(SAVED + saved++);
                Files.move(path, aside);
            } else if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS) && ThreadLocalRandom.current().nextBoolean()) {
                Files.createDirectory(path);
                return;
            }
            Files.createSymbolicLink(path, targetDirectory);
            swaps++;
            long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(50_000, 500_000);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            Files.delete(path);
            if (aside != null) {
                Files.move(aside, path);
            }
        } catch (IOException e) {
            // raced with certkeeper, or the parent is not this user's: try again next time
        }
    }
}
