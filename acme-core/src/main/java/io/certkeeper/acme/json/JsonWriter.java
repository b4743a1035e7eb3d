package io.certkeeper.acme.json;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON text (RFC 8259) from maps, collections, strings, numbers, booleans and {@code null},
 * indented by two spaces so that people can read and diff it. Map entries keep the map's order.
 * Reading is left to acme4j's {@code JSON} parser, which certkeeper already depends on.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /**
     * Writes a value as indented JSON, ending with a newline.
     *
     * @param value a {@link Map} with string keys, a {@link Collection}, a {@link CharSequence},
     *        a {@link Number}, a {@link Boolean} or {@code null}; anything else is written as its
     *        {@code toString()} in a string
     * @return the JSON text
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            writeObject(out, map, indent);
        } else if (value instanceof Collection<?> list) {
            writeArray(out, list, indent);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            out.append(Double.isFinite(d) ? number.toString() : "null");
        } else {
            quote(out, value.toString());
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + "  ";
        out.append("{\n");
        for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext();) {
            Map.Entry<?, ?> entry = it.next();
            out.append(inner);
            quote(out, String.valueOf(entry.getKey()));
            out.append(": ");
            write(out, entry.getValue(), inner);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void writeArray(StringBuilder out, Collection<?> list, String indent) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        boolean simple = list.stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
        if (simple) {
            out.append('[');
            for (Iterator<?> it = list.iterator(); it.hasNext();) {
                write(out, it.next(), indent);
                out.append(it.hasNext() ? ", " : "");
            }
            out.append(']');
            return;
        }
        String inner = indent + "  ";
        out.append("[\n");
        for (Iterator<?> it = list.iterator(); it.hasNext();) {
            out.append(inner);
            write(out, it.next(), inner);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
