package io.certkeeper.acme.renewal;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who created a lineage, kept in its {@link RenewalSettings} so that a discovery source cannot take
 * over a lineage that someone else made: {@code certonly} (the command line), the certificates file
 * of {@code run}, or a discovery source by its name, such as {@code docker} for container labels.
 * Settings written before origins were recorded have none (see {@link RenewalSettings#origin()}).
 *
 * @param value the origin as written in the settings file: {@value #CERTONLY_VALUE},
 *        {@value #CERTIFICATES_FILE_VALUE} or a source's name
 */
public record LineageOrigin(String value) {

    private static final String CERTONLY_VALUE = "certonly";
    private static final String CERTIFICATES_FILE_VALUE = "certificates-file";
    private static final Pattern VALUE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** Made by {@code certkeeper certonly}, on the command line. */
    public static final LineageOrigin CERTONLY = new LineageOrigin(CERTONLY_VALUE);

    /** Made by {@code certkeeper run} for an entry of its certificates file. */
    public static final LineageOrigin CERTIFICATES_FILE = new LineageOrigin(CERTIFICATES_FILE_VALUE);

    /**
     * Validates the value.
     *
     * @param value the origin as written in the settings file: {@value #CERTONLY_VALUE},
     *        {@value #CERTIFICATES_FILE_VALUE} or a source's name
     * @throws IllegalArgumentException if it is not 1 to 40 lower-case letters, digits or hyphens,
     *         starting with a letter
     */
    public LineageOrigin {
        Objects.requireNonNull(value, "value");
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a lineage origin: use 1 to 40 lower-case "
                    + "letters, digits or hyphens, starting with a letter");
        }
    }

    /**
     * The origin of lineages a discovery source asks for.
     *
     * @param source the source's name, as its provider gives it, such as {@code docker}
     * @return the origin
     * @throws IllegalArgumentException if the name is not a valid origin, or is one of the others'
     */
    public static LineageOrigin discovered(String source) {
        LineageOrigin origin = new LineageOrigin(source);
        if (Set.of(CERTONLY, CERTIFICATES_FILE).contains(origin)) {
            throw new IllegalArgumentException("'" + source + "' is the origin of lineages made without discovery");
        }
        return origin;
    }

    /**
     * Whether a discovery source made the lineage, rather than someone running certkeeper.
     *
     * @return {@code false} for {@link #CERTONLY} and {@link #CERTIFICATES_FILE}
     */
    public boolean isDiscovery() {
        return !value.equals(CERTONLY_VALUE) && !value.equals(CERTIFICATES_FILE_VALUE);
    }

    /**
     * The origin for a sentence, such as "made by certonly".
     *
     * @return {@code certonly}, {@code the certificates file} or {@code the docker source}
     */
    public String describe() {
        return switch (value) {
            case CERTONLY_VALUE -> "certonly";
            case CERTIFICATES_FILE_VALUE -> "the certificates file";
            default -> "the " + value + " source";
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
