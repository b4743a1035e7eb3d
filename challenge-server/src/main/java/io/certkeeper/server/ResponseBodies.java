package io.certkeeper.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bytes a {@link ChallengeHandler} answers with, encoded once per key authorization rather
 * than once per request: a CA's validators fetch the same token from several vantage points, and
 * whoever else finds it may fetch it thousands of times a second.
 *
 * <p>A small direct-mapped table: each key authorization has one slot, chosen by its hash, and a
 * new one replaces whatever was there. Encoding is a pure function, so a replaced or stale entry
 * costs an encoding, never a wrong answer, and the table never holds more than {@value #SLOTS}
 * bodies, whatever the store holds.
 *
 * <p>Thread-safe: I/O threads look up and replace entries concurrently.
 */
final class ResponseBodies {

    private static final int SLOTS = 64;

    private final AtomicReferenceArray<Body> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * The body for a key authorization, from the table or encoded now.
     *
     * @param keyAuthorization base64url characters and a dot, as {@code Http01Token} checks them
     * @return its US-ASCII bytes and their length
     */
    Body of(String keyAuthorization) {
        int slot = keyAuthorization.hashCode() & (SLOTS - 1);
        Body body = slots.get(slot);
        if (body == null || !body.text.equals(keyAuthorization)) {
            body = new Body(keyAuthorization);
            slots.set(slot, body);
        }
        return body;
    }

    /** One encoded body; its buffer is shared, so each answer takes a {@link #content()} of its own. */
    static final class Body {

        private final String text;
        // Direct, so that writing it to a socket needs no copy into a temporary direct buffer.
        private final ByteBuffer bytes;
        private final String contentLength;

        private Body(String text) {
            byte[] encoded = text.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length).put(encoded);
            this.text = text;
            this.bytes = direct.flip().asReadOnlyBuffer();
            this.contentLength = Integer.toString(encoded.length);
        }

        /** The bytes, in a buffer of the caller's own (its position is the caller's to move). */
        ByteBuffer content() {
            return bytes.duplicate();
        }

        /** The value of the {@code Content-Length} header. */
        String contentLength() {
            return contentLength;
        }
    }
}
