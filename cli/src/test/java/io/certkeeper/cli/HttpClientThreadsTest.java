package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The selector thread of a finished HTTP client ends when asked, so the JVM need not wait for it at exit. */
class HttpClientThreadsTest {

    @Test
    void endsTheSelectorThreadOfAFinishedClient() throws IOException, InterruptedException {
        Set<Thread> before = selectors();
        HttpClient client = HttpClient.newHttpClient();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException expected) {
            // nothing listens: the client has started its selector thread all the same
        }
        Set<Thread> ours = selectors();
        ours.removeAll(before);
        assertThat(ours).as("the client's selector thread").hasSize(1);

        assertThat(HttpClientThreads.stop()).isGreaterThanOrEqualTo(1);

        Thread selector = ours.iterator().next();
        selector.join(2_000);
        assertThat(selector.isAlive()).as("selector thread alive after stop()").isFalse();
        Reference.reachabilityFence(client); // its selector would also end if the client were collected
    }

    private static Set<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .collect(Collectors.toSet());
    }
}
