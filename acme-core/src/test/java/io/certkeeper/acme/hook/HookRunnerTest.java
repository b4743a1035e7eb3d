package io.certkeeper.acme.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.testing.ShellScripts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {

    @TempDir
    Path dir;

    private final List<Long> leftOver = new ArrayList<>();

    @AfterEach
    void killLeftOver() {
        leftOver.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void passesItsVariablesOnTopOfTheProcessEnvironment() throws Exception {
        Path script = ShellScripts.write(dir, "env.sh", "echo \"greeting=$GREETING\"", "echo \"path=$PATH\"");

        HookResult result = new HookRunner().run("deploy hook", Scripts.command(script), Map.of("GREETING", "hello world"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("greeting=hello world\n").contains("path=" + System.getenv("PATH") + "\n");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void replacesAVariableOfTheProcessEnvironment() throws Exception {
        HookResult result = new HookRunner().run("deploy hook", HookCommand.of("printenv PATH"), Map.of("PATH", "/overridden"));

        assertThat(result.stdout()).isEqualTo("/overridden\n");
    }

    @Test
    void runsShellSyntaxThroughTheShellAndPlainWordsAsThey() throws Exception {
        HookRunner runner = new HookRunner();

        assertThat(runner.run("hook", HookCommand.of("echo \"$GREETING\" | tr a-z A-Z"), Map.of("GREETING", "hi")).stdout())
                .isEqualTo("HI\n");
        // Without a shell, '%s' and 'a=b' reach printf as typed.
        assertThat(runner.run("hook", HookCommand.of("printf %s a=b"), Map.of()).stdout()).isEqualTo("a=b");
    }

    @Test
    void closesStandardInput() throws Exception {
        // cat would wait forever for input that never comes if standard input were left open.
        HookResult result = new HookRunner(Duration.ofSeconds(10)).run("hook", HookCommand.of("cat"), Map.of());

        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void capturesBothStreamsAndKeepsOnlyTheEndOfALongOne() throws Exception {
        Path script = ShellScripts.write(dir, "chatty.sh",
                "head -c 200000 /dev/zero | tr '\\0' x",
                "echo",
                "echo end",
                "head -c 100000 /dev/zero | tr '\\0' y >&2",
                "echo >&2",
                "echo done >&2");

        HookResult result = new HookRunner().run("deploy hook", Scripts.command(script), Map.of());

        assertThat(result.stdout()).hasSize(HookRunner.OUTPUT_LIMIT).matches("x+\nend\n");
        assertThat(result.stderr()).hasSize(HookRunner.OUTPUT_LIMIT).matches("y+\ndone\n");
    }

    @Test
    void logsEachLinePrefixedWithThePurpose() throws Exception {
        Path script = ShellScripts.write(dir, "talk.sh", "echo first line", "echo", "echo second line", "echo trouble >&2");
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
        try {
            new HookRunner().run("deploy hook", Scripts.command(script), Map.of());
        } finally {
            System.setErr(original);
        }

        List<String> logged = copy.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("deploy hook: ")).toList();
        assertThat(logged).hasSize(3);
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("INFO").endsWith("deploy hook: first line"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("INFO").endsWith("deploy hook: second line"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("WARN").endsWith("deploy hook: trouble"));
    }

    @Test
    void aNonZeroExitNamesTheHookTheCommandTheCodeAndItsErrorOutput() throws IOException {
        Path script = ShellScripts.write(dir, "failing.sh",
                "echo 'partial work'",
                "echo 'warming up' >&2",
                "echo 'step 1 ok' >&2",
                "echo '' >&2",
                "printf '\\033[31mstep 2 ok\\033[0m\\n' >&2",
                "echo '   cannot write /srv/x: Permission denied   ' >&2",
                "exit 3");

        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("deploy hook", Scripts.command(script), Map.of()));

        assertThat(e.getMessage())
                .isEqualTo("The deploy hook \"" + script + "\" failed with exit code 3: step 1 ok / step 2 ok / "
                        + "cannot write /srv/x: Permission denied");
        assertThat(e.purpose()).isEqualTo("deploy hook");
        assertThat(e.started()).isTrue();
        assertThat(e.stdout()).isEqualTo("partial work\n");
    }

    @Test
    void saysWhenAFailingHookPrintedNothing() {
        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("post hook", HookCommand.of("false"), Map.of()));

        assertThat(e).hasMessage("The post hook \"false\" failed with exit code 1 and printed nothing on standard error");
    }

    @Test
    void explainsACommandTheShellDoesNotFind() {
        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("pre hook", HookCommand.of("no-such-program-xq7 \"$HOME\""), Map.of()));

        assertThat(e.getMessage()).contains("exit code 127 (command not found)").contains("no-such-program-xq7: not found");
    }

    @Test
    void keepsALongErrorReadable() throws IOException {
        Path script = ShellScripts.write(dir, "long.sh", "head -c 5000 /dev/zero | tr '\\0' e >&2", "echo >&2", "echo last >&2",
                "exit 1");

        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("deploy hook", Scripts.command(script), Map.of()));

        assertThat(e.getMessage()).endsWith("eee / last").hasSizeLessThan(script.toString().length() + 400).doesNotContain("\n");
    }

    @Test
    void killsAHookThatRunsPastItsTimeoutWithEveryProcessItStarted() throws Exception {
        Path script = ShellScripts.write(dir, "hang.sh",
                "sleep 600 &",
                "echo $! > " + dir.resolve("child.pid"),
                "sh -c 'sleep 600 & echo $! > " + dir.resolve("grandchild.pid") + "; wait' &",
                "echo $$ > " + dir.resolve("hook.pid"),
                "echo 'still busy' >&2",
                "wait");
        HookRunner runner = new HookRunner(Duration.ofMillis(1500));

        long start = System.nanoTime();
        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> runner.run("deploy hook", Scripts.command(script), Map.of()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.getMessage()).isEqualTo("The deploy hook \"" + script + "\" timed out after 1.5 s and was killed with the "
                + "processes it started; make it finish sooner (its standard error: still busy)");
        assertThat(e.started()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        for (String name : List.of("hook.pid", "child.pid", "grandchild.pid")) {
            long pid = Long.parseLong(Files.readString(dir.resolve(name)).strip());
            boolean gone = gone(pid, Duration.ofSeconds(2));
            if (!gone) {
                leftOver.add(pid);
            }
            assertThat(gone).as(name + " " + pid + " is gone").isTrue();
        }
    }

    @Test
    void doesNotWaitForABackgroundProcessThatKeepsTheOutputOpen() throws Exception {
        Path script = ShellScripts.write(dir, "daemon.sh", "sleep 60 &", "echo $! > " + dir.resolve("daemon.pid"), "echo started");

        long start = System.nanoTime();
        HookResult result = new HookRunner().run("deploy hook", Scripts.command(script), Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        leftOver.add(Long.parseLong(Files.readString(dir.resolve("daemon.pid")).strip()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(took).isLessThan(HookRunner.OUTPUT_GRACE.plusSeconds(3));
    }

    @Test
    void saysWhatToDoWhenTheProgramDoesNotExist() {
        Path missing = dir.resolve("no-such-hook.sh");

        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("deploy hook", HookCommand.of(missing + " --flag"), Map.of()));

        assertThat(e).hasMessage("The deploy hook \"" + missing + " --flag\" cannot be started: " + missing
                + " does not exist; give the full path of an executable program");
        assertThat(e.started()).isFalse();
        assertThat(e.stdout()).isEmpty();
    }

    @Test
    void saysWhatToDoWhenTheProgramIsNotExecutable() throws IOException {
        Path script = ShellScripts.write(dir, "plain.sh", "echo hi");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("deploy hook", Scripts.command(script), Map.of()));

        assertThat(e.getMessage()).endsWith(script + " is not an executable file; make it executable with chmod +x " + script);
        assertThat(e.started()).isFalse();
    }

    @Test
    void saysWhatToDoWhenNoProgramOfThatNameIsOnThePath() {
        HookFailedException e = catchThrowableOfType(HookFailedException.class,
                () -> new HookRunner().run("deploy hook", HookCommand.of("no-such-program-xq7 reload"), Map.of()));

        assertThat(e.getMessage()).contains("cannot be started: no program no-such-program-xq7 on the PATH")
                .endsWith("; give its full path");
    }

    @Test
    void checksTheProgramWithoutRunningIt() throws Exception {
        Path script = ShellScripts.write(dir, "marker.sh", "touch " + dir.resolve("ran"));
        HookRunner runner = new HookRunner();

        runner.check("auth hook", Scripts.command(script));
        runner.check("auth hook", HookCommand.of("echo $X > /dev/null"));
        runner.check("auth hook", HookCommand.of("true"));
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThatThrownBy(() -> runner.check("cleanup hook", HookCommand.of(dir.resolve("missing") + " x")))
                .isInstanceOf(HookFailedException.class).hasMessageStartingWith("The cleanup hook ").hasMessageContaining("does not exist");
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new HookRunner(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HookRunner().timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesAVariableNameThatCannotBeSet() {
        assertThatThrownBy(() -> new HookRunner().run("hook", HookCommand.of("true"), Map.of("A=B", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean gone(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
