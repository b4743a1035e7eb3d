package io.certkeeper.acme.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.testing.ShellScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookChallengeStoreTest {

    private static final String THUMBPRINT = "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final Http01Token A = token("a.example.test", "tokenAAAA");
    private static final Http01Token B = token("b.example.test", "tokenBBBB");
    private static final Http01Token C = token("c.example.test", "tokenCCCC");
    /** One line per run: every variable certbot sets, separated by '|'. */
    private static final String RECORD = "printf '%s|%s|%s|%s|%s|%s\\n' \"$CERTBOT_DOMAIN\" \"$CERTBOT_TOKEN\" \"$CERTBOT_VALIDATION\""
            + " \"$CERTBOT_REMAINING_CHALLENGES\" \"$CERTBOT_ALL_DOMAINS\" \"${CERTBOT_AUTH_OUTPUT-unset}\"";

    @TempDir
    Path dir;

    private static Http01Token token(String domain, String token) {
        return new Http01Token(DomainName.of(domain), token, token + "." + THUMBPRINT);
    }

    private HookChallengeStore store(String... authLines) throws IOException {
        Path auth = ShellScripts.write(dir, "auth.sh", authLines);
        Path cleanup = ShellScripts.write(dir, "cleanup.sh", RECORD + " >> " + dir.resolve("cleanup.log"));
        return new HookChallengeStore(new HookRunner(), Scripts.command(auth), Optional.of(Scripts.command(cleanup)));
    }

    private List<String> log(String name) throws IOException {
        Path log = dir.resolve(name);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void givesTheHooksCertbotsVariablesCountingDownTheRemainingChallenges() throws Exception {
        HookChallengeStore store = store(RECORD + " >> " + dir.resolve("auth.log"), "echo", "echo \"  record-$CERTBOT_TOKEN  \"");

        store.presentAll(List.of(A, B, C));

        String all = "a.example.test,b.example.test,c.example.test";
        assertThat(log("auth.log")).containsExactly(
                "a.example.test|tokenAAAA|tokenAAAA." + THUMBPRINT + "|2|" + all + "|unset",
                "b.example.test|tokenBBBB|tokenBBBB." + THUMBPRINT + "|1|" + all + "|unset",
                "c.example.test|tokenCCCC|tokenCCCC." + THUMBPRINT + "|0|" + all + "|unset");
        assertThat(log("cleanup.log")).isEmpty();

        store.cleanUp(B);
        store.cleanUp(A);
        store.cleanUp(C);
        store.cleanUp(C);

        assertThat(log("cleanup.log")).as("the auth hook's variables again, with its output stripped; once per token")
                .containsExactly(
                        "b.example.test|tokenBBBB|tokenBBBB." + THUMBPRINT + "|1|" + all + "|record-tokenBBBB",
                        "a.example.test|tokenAAAA|tokenAAAA." + THUMBPRINT + "|2|" + all + "|record-tokenAAAA",
                        "c.example.test|tokenCCCC|tokenCCCC." + THUMBPRINT + "|0|" + all + "|record-tokenCCCC");
    }

    @Test
    void presentingOneTokenIsAnOrderOfOne() throws Exception {
        HookChallengeStore store = store(RECORD + " >> " + dir.resolve("auth.log"));

        store.present(B);

        assertThat(log("auth.log")).containsExactly("b.example.test|tokenBBBB|tokenBBBB." + THUMBPRINT + "|0|b.example.test|unset");
    }

    @Test
    void stopsAtAFailingAuthHookAndCleansUpOnlyWhatItRan() throws Exception {
        HookChallengeStore store = store(RECORD + " >> " + dir.resolve("auth.log"),
                "echo \"half of $CERTBOT_DOMAIN\"",
                "if [ \"$CERTBOT_DOMAIN\" = b.example.test ]; then echo 'cannot reach the web server' >&2; exit 4; fi");

        HookFailedException e = catchThrowableOfType(HookFailedException.class, () -> store.presentAll(List.of(A, B, C)));
        assertThat(e.getMessage()).startsWith("The auth hook for b.example.test \"" + dir.resolve("auth.sh") + "\"")
                .endsWith("failed with exit code 4: cannot reach the web server");
        assertThat(log("auth.log")).extracting(line -> line.split("\\|")[0]).containsExactly("a.example.test", "b.example.test");

        // The issuer cleans up every token of the order, whatever happened.
        store.cleanUp(A);
        store.cleanUp(B);
        store.cleanUp(C);

        assertThat(log("cleanup.log")).as("no cleanup for c, whose auth hook never ran").extracting(line -> line.split("\\|")[0])
                .containsExactly("a.example.test", "b.example.test");
        assertThat(log("cleanup.log").get(1)).endsWith("|half of b.example.test");
    }

    @Test
    void runsNothingOnCleanUpWithoutACleanupHookOrForATokenNeverPresented() throws Exception {
        Path auth = ShellScripts.write(dir, "auth.sh", "echo \"$CERTBOT_DOMAIN\" >> " + dir.resolve("auth.log"));
        HookChallengeStore withoutCleanup = new HookChallengeStore(new HookRunner(), Scripts.command(auth), Optional.empty());
        withoutCleanup.present(A);
        withoutCleanup.cleanUp(A);

        HookChallengeStore store = store("true");
        store.cleanUp(A);

        assertThat(log("auth.log")).containsExactly("a.example.test");
        assertThat(log("cleanup.log")).isEmpty();
    }

    @Test
    void checksBothHooksBeforeAnOrder() throws Exception {
        Path auth = ShellScripts.write(dir, "auth.sh", "touch " + dir.resolve("ran"));
        HookCommand missing = HookCommand.of(dir.resolve("missing-cleanup.sh").toString());

        new HookChallengeStore(new HookRunner(), Scripts.command(auth), Optional.empty()).prepare(Set.of(A.domain()));
        assertThatThrownBy(() -> new HookChallengeStore(new HookRunner(), Scripts.command(auth), Optional.of(missing))
                .prepare(Set.of(A.domain())))
                .isInstanceOf(HookFailedException.class)
                .hasMessageStartingWith("The cleanup hook \"" + missing + "\" cannot be started");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void anAbandonedOrderStillRunsItsCleanupHookToTheEndAndKeepsTheInterrupt() throws Exception {
        HookChallengeStore store = store("true");
        Path cleanup = ShellScripts.write(dir, "cleanup.sh", "sleep 0.3", RECORD + " >> " + dir.resolve("cleanup.log"));
        store = new HookChallengeStore(new HookRunner(), Scripts.command(dir.resolve("auth.sh")), Optional.of(Scripts.command(cleanup)));
        store.present(A);

        Thread.currentThread().interrupt(); // as certkeeper run does to abandon an order when stopping
        try {
            store.cleanUp(A);
            assertThat(Thread.currentThread().isInterrupted()).as("the caller still sees the interrupt").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(log("cleanup.log")).extracting(line -> line.split("\\|")[0]).containsExactly("a.example.test");
    }
}
