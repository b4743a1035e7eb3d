package io.certkeeper.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping of the certificates file, read field by field: each getter checks the value's
 * shape and {@link #finish()} refuses the keys nobody asked for, so that a typo is an error rather
 * than a setting silently ignored. Every error names the file, the line and the field's path.
 */
final class YamlMapping {

    private final Path file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private YamlMapping(Path file, String path, Node node, MappingNode mapping) throws CertificatesFileException {
        this.file = file;
        this.path = path;
        this.node = node;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalarText(tuple.getKeyNode(), path.isEmpty() ? "key" : path + " key");
            if (entries.putIfAbsent(key, tuple) != null) {
                throw error(tuple.getKeyNode(), child(key), "appears twice");
            }
        }
    }

    /**
     * Reads a node that must be a mapping.
     *
     * @param file the file, for messages
     * @param path the field's path, empty for the document
     * @param node the node
     * @return the mapping
     * @throws CertificatesFileException if the node is not a mapping
     */
    static YamlMapping of(Path file, String path, Node node) throws CertificatesFileException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(file, node, path.isEmpty() ? "the file" : path, "must be a mapping of keys to values");
        }
        return new YamlMapping(file, path, node, mapping);
    }

    /**
     * Where this mapping starts, for log lines.
     *
     * @return {@code FILE-NAME:LINE}
     */
    String location() {
        return file.getFileName() + node.getStartMark().map(mark -> ":" + (mark.getLine() + 1)).orElse("");
    }

    /** The field path of a key of this mapping. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the key is present with a non-null value. */
    boolean has(String key) {
        return value(key).isPresent();
    }

    /** A key's value node, marking the key as read; empty when absent or null. */
    Optional<Node> value(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** A scalar's text. */
    Optional<String> string(String key) throws CertificatesFileException {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = scalarText(value.get(), child(key));
        return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    /** {@code true} or {@code false}. */
    Optional<Boolean> bool(String key) throws CertificatesFileException {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        switch (text.get()) {
            case "true":
                return Optional.of(true);
            case "false":
                return Optional.of(false);
            default:
                throw error(value(key).orElseThrow(), child(key), "must be true or false, not '" + text.get() + "'");
        }
    }

    /** A whole number between {@code min} and {@code max}. */
    Optional<Integer> integer(String key, int min, int max) throws CertificatesFileException {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int number = Integer.parseInt(text.get());
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(value(key).orElseThrow(), child(key), "must be a whole number from " + min + " to " + max
                + ", not '" + text.get() + "'");
    }

    /** A path; a relative one is taken relative to the file's directory. */
    Optional<Path> path(String key) throws CertificatesFileException {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().indexOf('\0') >= 0) {
            throw error(value(key).orElseThrow(), child(key), "must not contain a NUL character");
        }
        Path base = file.toAbsolutePath().getParent();
        return Optional.of(base.resolve(text.get()).normalize());
    }

    /** A nested mapping. */
    Optional<YamlMapping> mapping(String key) throws CertificatesFileException {
        Optional<Node> value = value(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(of(file, child(key), value.get()));
    }

    /** A list of nodes; a lone scalar counts as a list of one. */
    List<Node> list(String key) throws CertificatesFileException {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (value.get() instanceof ScalarNode) {
            return List.of(value.get());
        }
        throw error(value.get(), child(key), "must be a list");
    }

    /** A list of strings; a scalar may also hold several, separated by commas. */
    List<String> strings(String key) throws CertificatesFileException {
        List<String> values = new ArrayList<>();
        for (Node item : list(key)) {
            for (String part : scalarText(item, child(key)).split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }

    /**
     * Refuses keys that no getter asked for.
     *
     * @param allowed the keys of this mapping, for the message
     * @throws CertificatesFileException naming the first unknown key
     */
    void finish(List<String> allowed) throws CertificatesFileException {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!read.contains(entry.getKey())) {
                throw error(entry.getValue().getKeyNode(), child(entry.getKey()), "is not a known setting; "
                        + (path.isEmpty() ? "the file" : path) + " takes " + String.join(", ", allowed));
            }
        }
    }

    /** An error at a node of this file. */
    CertificatesFileException error(Node at, String field, String problem) {
        return error(file, at, field, problem);
    }

    /** An error about this mapping as a whole. */
    CertificatesFileException error(String problem) {
        return error(file, node, path.isEmpty() ? "the file" : path, problem);
    }

    static CertificatesFileException error(Path file, Node at, String field, String problem) {
        String line = at == null ? "" : at.getStartMark().map(mark -> ":" + (mark.getLine() + 1)).orElse("");
        return new CertificatesFileException(file + line + ": " + field + ": " + problem);
    }

    private String scalarText(Node node, String field) throws CertificatesFileException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, field, "must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return scalar.getValue();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }
}
