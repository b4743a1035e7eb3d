package io.certkeeper.acme.error;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

// @serial exclude: the javadoc of JDK 17 asks for a comment on each private field of a
// serializable record; the components are documented by @param, which later javadoc uses.
/**
 * A problem document the CA returned (RFC 8555 §6.7), reduced to what a user needs to read.
 *
 * @param type the problem type URN, for example {@code urn:ietf:params:acme:error:unauthorized}
 * @param detail the CA's human-readable explanation, possibly empty
 * @param identifier the name the problem is about, when the CA said so
 * @serial exclude
 */
public record CaProblem(String type, String detail, Optional<String> identifier) implements Serializable {

    /**
     * Validates the fields.
     *
     * @param type the problem type URN, for example {@code urn:ietf:params:acme:error:unauthorized}
     * @param detail the CA's human-readable explanation, possibly empty
     * @param identifier the name the problem is about, when the CA said so
     */
    public CaProblem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(identifier, "identifier");
    }

    /**
     * The problem type without the ACME URN prefix, for example {@code unauthorized}.
     *
     * @return the short type name
     */
    public String shortType() {
        String prefix = "urn:ietf:params:acme:error:";
        return type.startsWith(prefix) ? type.substring(prefix.length()) : type;
    }

    @Override
    public String toString() {
        return shortType() + (detail.isEmpty() ? "" : ": " + detail);
    }
}
