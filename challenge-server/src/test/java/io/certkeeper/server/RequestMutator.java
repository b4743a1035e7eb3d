package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.WWW_EXAMPLE_ORG;
import static io.certkeeper.server.TestTokens.path;

import java.util.List;
import java.util.Random;

/**
 * Turns valid HTTP-01 requests into slightly broken ones, the way a fuzzer does: flipped bits,
 * inserted bytes and tokens, cuts, repeated header lines and repeated stretches. The same
 * {@link Random} state always gives the same request, so a failure can be replayed from its seed.
 *
 * <p>Requests are {@link String}s of ISO-8859-1 characters, one per byte.
 */
final class RequestMutator {

    private static final String LETS_ENCRYPT_HEADERS = "User-Agent: Mozilla/5.0 (compatible; Let's Encrypt validation server;"
            + " +https://www.letsencrypt.org)\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n";

    private static final List<String> VALID = List.of(
            "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n" + LETS_ENCRYPT_HEADERS + "Connection: close\r\n\r\n",
            "HEAD " + path(WWW_EXAMPLE_ORG) + " HTTP/1.1\r\nHost: www.example.org:80\r\n\r\n",
            "GET http://example.com" + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n",
            "GET " + path(EXAMPLE_COM) + " HTTP/1.0\r\nHost: example.com\r\n\r\n",
            "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: www.example.org\r\n\r\n",
            "POST " + path(WWW_EXAMPLE_ORG) + " HTTP/1.1\r\nHost: www.example.org\r\nContent-Length: 5\r\n\r\nhello",
            "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\nGET " + path(WWW_EXAMPLE_ORG)
                    + " HTTP/1.1\r\nHost: www.example.org\r\n\r\n");

    private static final List<String> TOKENS = List.of("\0", "\r", "\n", "\r\n", "\r\n\r\n", " ", "\t", ":", "%", "%00", "%2e%2e%2f",
            "%252e", "%c0%ae", "../", "/", "?", "#", ";", "@", "[::1]", "\u00ff", "\u0080", "\u00c0\u00ae", "Host: example.com\r\n",
            "Host: www.example.org\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", "Content-Length: -1\r\n",
            "Connection: close\r\n", "Expect: 100-continue\r\n", "Upgrade: h2c\r\n", "HTTP/1.0", "HTTP/2.0", "http://example.com",
            "0\r\n\r\n", "5\r\nhello\r\n", "99999999999999999999", "GET ", "HEAD ", "OPTIONS * ");

    private static final int MAX_LENGTH = 32 * 1024;

    private RequestMutator() {
    }

    /**
     * A valid request with one mutation, or sometimes up to four: most mutations already get a
     * request refused by the parser, and single ones reach the handler more often.
     */
    static String mutate(Random random) {
        StringBuilder request = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
        int mutations = random.nextInt(3) > 0 ? 1 : 2 + random.nextInt(3);
        for (int i = 0; i < mutations && request.length() > 0; i++) {
            mutateOnce(request, random);
        }
        return request.toString();
    }

    private static void mutateOnce(StringBuilder request, Random random) {
        int at = random.nextInt(request.length());
        switch (random.nextInt(9)) {
            case 0 -> request.setCharAt(at, (char) (request.charAt(at) ^ (1 << random.nextInt(8))));
            case 1 -> request.setCharAt(at, (char) random.nextInt(256));
            case 2 -> request.insert(at, randomBytes(random, 1 + random.nextInt(8)));
            case 3 -> request.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
            case 4 -> request.delete(at, Math.min(request.length(), at + 1 + random.nextInt(16)));
            case 5 -> request.setLength(at);
            case 6 -> repeatHeaderLine(request, random);
            case 7 -> repeatStretch(request, at, random);
            default -> replaceAll(request, "\r\n", random.nextBoolean() ? "\n" : "\r");
        }
    }

    private static String randomBytes(Random random, int count) {
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            bytes.append((char) random.nextInt(256));
        }
        return bytes.toString();
    }

    /** Repeats one line of the head, from once to beyond the limits on header count and size. */
    private static void repeatHeaderLine(StringBuilder request, Random random) {
        int headEnd = request.indexOf("\r\n\r\n");
        int firstLineEnd = request.indexOf("\r\n");
        if (headEnd <= firstLineEnd) {
            return;
        }
        String[] headers = request.substring(firstLineEnd + 2, headEnd + 2).split("(?<=\r\n)");
        String line = headers[random.nextInt(headers.length)];
        int times = random.nextBoolean() ? 1 : 1 + random.nextInt(200);
        request.insert(headEnd + 2, line.repeat(Math.max(1, Math.min(times, (MAX_LENGTH - request.length()) / line.length()))));
    }

    private static void repeatStretch(StringBuilder request, int at, Random random) {
        String stretch = request.substring(at, Math.min(request.length(), at + 1 + random.nextInt(32)));
        int times = Math.max(1, Math.min(1 + random.nextInt(64), (MAX_LENGTH - request.length()) / stretch.length()));
        request.insert(at, stretch.repeat(times));
    }

    private static void replaceAll(StringBuilder request, String from, String to) {
        String replaced = request.toString().replace(from, to);
        request.setLength(0);
        request.append(replaced);
    }
}
