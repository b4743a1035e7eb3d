package io.certkeeper.acme.store;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The child side of tests that need a process of their own; prints {@code key=value} lines. */
public final class StoreProbe {

    private StoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        CertificateStore store = new CertificateStore(Path.of(args[1]));
        switch (args[0]) {
            case "hold-lock" -> holdLock(store);
            case "save" -> save(store);
            case "disk-full" -> diskFull(store);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Holds the lock until stdin closes. */
    private static void holdLock(CertificateStore store) throws Exception {
        try (StoreLock lock = store.lock()) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }

    private static void save(CertificateStore store) throws CertkeeperException {
        Issued issued = Fixtures.issue("a.example.com");
        System.out.println("version=" + store.save("a.example.com", issued.key().getPrivate(), issued.chain()).version());
    }

    /** Saves version 1, fills the file system, tries version 2, then frees space and tries again. */
    private static void diskFull(CertificateStore store) throws Exception {
        Issued first = Fixtures.issue("a.example.com");
        store.save("a.example.com", first.key().getPrivate(), first.chain());
        Path filler = store.directory().resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            System.out.println("filled=" + expected.getMessage());
        }
        Issued second = Fixtures.issue("a.example.com");
        try {
            store.save("a.example.com", second.key().getPrivate(), second.chain());
            System.out.println("error=none");
        } catch (StoreIOException e) {
            System.out.println("error=" + e.getMessage());
        }
        Lineage found = store.find("a.example.com").orElseThrow();
        System.out.println("found=" + found.version());
        System.out.println("sameLeaf=" + found.leaf().equals(first.leaf()));
        System.out.println("matches=" + Pem.matches(Pem.readPrivateKey(found.privkeyPath()), found.leaf().getPublicKey()));
        System.out.println("temporaries=" + Fixtures.temporaries(store.directory()).size());
        try (Stream<Path> archive = Files.list(store.directory().resolve("archive/a.example.com"))) {
            System.out.println("archive=" + archive.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Files.delete(filler);
        System.out.println("after=" + store.save("a.example.com", second.key().getPrivate(), second.chain()).version());
    }
}
