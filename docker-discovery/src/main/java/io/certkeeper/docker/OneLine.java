package io.certkeeper.docker;

import java.util.Locale;

/**
 * Text from outside (label values, the engine's error messages) made fit for a one-line log
 * message: control and formatting characters escaped, so that a label cannot forge log lines.
 */
final class OneLine {

    private static final int MAX_CHARS = 300;

    private OneLine() {
    }

    static String of(String text) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (line.length() >= MAX_CHARS) {
                return line.append('…').toString();
            }
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                line.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                line.appendCodePoint(c);
            }
        }
        return line.toString();
    }
}
