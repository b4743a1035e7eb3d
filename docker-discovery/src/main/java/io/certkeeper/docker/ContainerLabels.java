package io.certkeeper.docker;

import java.util.Map;
import java.util.Objects;

/**
 * A running container as discovery sees it.
 *
 * @param id the container's id
 * @param name the container's name, without Docker's leading {@code /}
 * @param labels its labels
 */
record ContainerLabels(String id, String name, Map<String, String> labels) {

    ContainerLabels {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }
}
