package io.certkeeper.acme.store;

import io.certkeeper.acme.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How to start a child JVM of one kind by the hundred in about half the CPU time of a plain start:
 * what costs a child most is loading classes, and checking BouncyCastle's jar signatures a third
 * of that. So the class path has the test run's directories packed into jars and its signed jars
 * copied without their signature files; a first run of the child records the classes it loads
 * in a class-data archive (AppCDS), which every later child maps instead of loading them. What the
 * tests examine, the files a killed process leaves behind, depends on none of this. A JVM that
 * cannot write the archive just starts without one.
 *
 * @param classPath the class path for the children
 * @param jvmOptions the options for the children
 */
record QuickStart(String classPath, List<String> jvmOptions) {

    /** The child needs no optimising compiler: it lives for a second. */
    private static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    QuickStart {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Prepares the class path in a scratch directory and runs the child once, with its standard
     * input closed, to record the archive.
     *
     * @param scratch an empty directory
     * @param main the child's class; it must exit by itself when its standard input is closed
     * @param args the arguments of the recording run
     */
    static QuickStart prepare(Path scratch, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (String entry : ChildJvm.testClassPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            Path copy = scratch.resolve(entries.size() + "-" + path.getFileName() + (Files.isDirectory(path) ? ".jar" : ""));
            if (Files.isDirectory(path)) {
                entries.add(jarOf(path, copy).toString());
            } else if (isSigned(path)) {
                entries.add(unsignedCopy(path, copy).toString());
            } else {
                entries.add(entry);
            }
        }
        String classPath = String.join(File.pathSeparator, entries);
        Path archive = scratch.resolve("classes.jsa");
        List<String> recording = new ArrayList<>(OPTIONS);
        recording.add("-XX:ArchiveClassesAtExit=" + archive);
        Process run = ChildJvm.start(List.of(), recording, classPath, main, args);
        run.getOutputStream().close();
        run.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
        }
        List<String> options = new ArrayList<>(OPTIONS);
        if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        return new QuickStart(classPath, options);
    }

    /** Starts a child; stderr goes to stdout. */
    Process start(Class<?> main, String... args) throws IOException {
        return ChildJvm.start(List.of(), jvmOptions, classPath, main, args);
    }

    /** Whether the archive of loaded classes is used. */
    boolean archived() {
        return jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
    }

    /** A class-data archive takes jars only, no directories. */
    private static Path jarOf(Path directory, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static boolean isSigned(Path jar) throws IOException {
        if (!jar.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().anyMatch(e -> SIGNATURE_FILE.matcher(e.getName()).matches());
        }
    }

    private static Path unsignedCopy(Path jar, Path copy) throws IOException {
        Files.copy(jar, copy);
        try (FileSystem zip = FileSystems.newFileSystem(copy); Stream<Path> metaInf = Files.list(zip.getPath("/META-INF"))) {
            for (Path file : metaInf.toList()) {
                if (SIGNATURE_FILE.matcher(file.toString().substring(1)).matches()) {
                    Files.delete(file);
                }
            }
        }
        return copy;
    }
}
