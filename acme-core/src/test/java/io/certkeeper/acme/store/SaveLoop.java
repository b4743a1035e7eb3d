package io.certkeeper.acme.store;

import io.certkeeper.acme.crypto.Pem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The child side of {@link CrashSafetyIT}: saves one lineage over and over through the real
 * {@link CertificateStore#save}, alternating between key and chain pairs the test made beforehand,
 * until it is killed.
 *
 * <p>Arguments: a scratch store directory to warm up in, the lineage name, then one
 * {@code key.pem chain.pem} pair of files after another. The child first saves into the scratch
 * store, so that its classes are loaded and a kill falls into a save at full speed rather than
 * into class loading; prints {@code ready}; waits for a line {@code go <store directory>} on
 * standard input (it exits if standard input closes instead); prints {@code writing}; and saves
 * into that store until it is killed, or for at most {@link #MAX_LOOP_MILLIS}, so that a child
 * its test forgot stops by itself.
 */
public final class SaveLoop {

    /** How long a child saves at most; a test kills it long before. */
    static final long MAX_LOOP_MILLIS = 10_000;

    private SaveLoop() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[1];
        List<PrivateKey> keys = new ArrayList<>();
        List<List<X509Certificate>> chains = new ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            keys.add(Pem.readPrivateKey(Path.of(args[i])));
            chains.add(Pem.readCertificates(Path.of(args[i + 1])));
        }
        new CertificateStore(Path.of(args[0])).save(name, keys.get(0), chains.get(0));
        System.out.println("ready");
        System.out.flush();

        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (go == null || !go.startsWith("go ")) {
            return;
        }
        CertificateStore store = new CertificateStore(Path.of(go.substring("go ".length())));
        System.out.println("writing");
        System.out.flush();
        long deadline = System.nanoTime() + MAX_LOOP_MILLIS * 1_000_000;
        for (int i = 0; System.nanoTime() < deadline; i = (i + 1) % keys.size()) {
            store.save(name, keys.get(i), chains.get(i));
        }
        System.exit(3);
    }
}
