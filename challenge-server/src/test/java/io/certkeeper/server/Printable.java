package io.certkeeper.server;

import java.nio.charset.StandardCharsets;

/** Shows raw protocol bytes in a test report: control and non-ASCII bytes as escapes, long text cut. */
final class Printable {

    private static final int MAX_SHOWN = 600;

    private Printable() {
    }

    static String of(String raw) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < raw.length() && shown.length() < MAX_SHOWN; i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\\' -> shown.append("\\\\");
                default -> shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            }
        }
        return i < raw.length() ? shown + "... (" + raw.length() + " bytes in all)" : shown.toString();
    }

    static String of(byte[] raw) {
        return of(new String(raw, StandardCharsets.ISO_8859_1));
    }
}
