package io.certkeeper.acme.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookCommandTest {

    @Test
    void runsPlainWordsWithoutAShell() {
        assertThat(HookCommand.of("systemctl reload nginx").argv()).containsExactly("systemctl", "reload", "nginx");
        assertThat(HookCommand.of("  /etc/hooks/auth.sh  ").argv()).containsExactly("/etc/hooks/auth.sh");
        assertThat(HookCommand.of("a\t b  c").argv()).containsExactly("a", "b", "c");
        // Only a leading VAR=value is an assignment; later words with '=' are plain arguments.
        assertThat(HookCommand.of("printf %s a=b").argv()).containsExactly("printf", "%s", "a=b");
        assertThat(HookCommand.of("nginx -s reload").needsShell()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "echo $CERTBOT_TOKEN > /x", "echo ${HOME}", "a 'b c'", "a \"b\"", "a `b`", "a | b", "a && b", "a; b", "a < b",
        "a > b", "(a)", "a {b}", "ls *.pem", "ls ?.pem", "ls [ab].pem", "~/hook.sh", "a ~", "a # comment", "a\nb", "a\\ b",
        "! a", "FOO=1 a", "cd /x", "export A", ". /etc/hooks/env", "exec a", "if", "while"})
    void runsShellSyntaxThroughTheShell(String command) {
        HookCommand hook = HookCommand.of(command);

        assertThat(hook.needsShell()).isTrue();
        assertThat(hook.argv()).isEqualTo(List.of("/bin/sh", "-c", command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void refusesABlankCommand(String command) {
        assertThatThrownBy(() -> HookCommand.of(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void refusesANul() {
        assertThatThrownBy(() -> HookCommand.of("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HookCommand.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void printsAsTyped() {
        assertThat(HookCommand.of("systemctl  reload nginx")).hasToString("systemctl  reload nginx");
    }
}
