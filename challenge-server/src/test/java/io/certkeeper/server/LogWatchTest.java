package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The watch the hardening tests rely on sees what they need it to see. */
class LogWatchTest {

    @Test
    void seesAnErrorUndertowLogsThroughJbossLogging() {
        try (LogWatch log = LogWatch.start()) {
            org.jboss.logging.Logger.getLogger("io.undertow.request").error("LogWatchTest: an error logged on purpose");

            assertThat(log.problems()).singleElement().asString().contains("ERROR io.undertow.request", "on purpose");
        }
    }

    @Test
    void seesOutputThatBypassesLogging() {
        try (LogWatch log = LogWatch.start()) {
            System.err.println("LogWatchTest: a line printed on purpose, as a stray printStackTrace would be");

            assertThat(log.problems()).singleElement().asString().contains("on purpose");
        }
    }

    @Test
    void seesAnExceptionNoThreadCaught() throws InterruptedException {
        try (LogWatch log = LogWatch.start()) {
            Thread failing = new Thread(() -> {
                throw new IllegalStateException("thrown on purpose");
            }, "failing");
            failing.start();
            failing.join();

            assertThat(log.problems()).singleElement().asString().contains("uncaught in failing", "thrown on purpose");
        }
    }
}
