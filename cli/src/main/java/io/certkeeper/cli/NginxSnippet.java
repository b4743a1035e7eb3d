package io.certkeeper.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The nginx configuration that serves certkeeper's files: the location block for the challenge
 * files of webroot mode and the certificate lines of a lineage, as the README's webroot section
 * shows them.
 *
 * <p>Paths are written unquoted when they hold only characters nginx takes literally in a bare
 * word, and in double quotes otherwise, with {@code "} and {@code \} escaped: nginx's parser
 * unescapes {@code \"} and {@code \\} in a word and ends a bare word at a blank, {@code ;} or a
 * brace. A {@code $} cannot be written at all ({@code root} and {@code ssl_certificate} take
 * variables, quoted or not, and nginx has no escape for it), nor can a control character.
 */
final class NginxSnippet {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._/+,:@=~-]+");

    private NginxSnippet() {
    }

    /**
     * The location block that serves {@code <webroot>/.well-known/acme-challenge/<token>}, and
     * only that: {@code ^~} keeps regular-expression locations (such as one for {@code \.php$})
     * from taking the challenge paths over.
     *
     * @param webroot the directory given to {@code certonly --webroot -w}, absolute
     * @return the block, one directive a line, ending with a line break
     * @throws IllegalArgumentException if the path cannot be written into an nginx configuration
     */
    static String challengeLocation(Path webroot) {
        return "location ^~ /.well-known/acme-challenge/ {\n"
                + "    root " + value("the webroot", webroot) + ";\n"
                + "    default_type text/plain;\n"
                + "}\n";
    }

    /**
     * The {@code ssl_certificate} and {@code ssl_certificate_key} lines of a lineage: the
     * {@code live/} links, which always name the newest version.
     *
     * @param liveDirectory {@code <config-dir>/live/<name>}, absolute
     * @return the two lines, each ending with a line break
     * @throws IllegalArgumentException if the path cannot be written into an nginx configuration
     */
    static String certificateLines(Path liveDirectory) {
        return "ssl_certificate     " + value("the certificate path", liveDirectory.resolve("fullchain.pem")) + ";\n"
                + "ssl_certificate_key " + value("the key path", liveDirectory.resolve("privkey.pem")) + ";\n";
    }

    /**
     * A path as one nginx word.
     *
     * @param what what the path is, for the message
     * @param path the path
     * @return the path, bare or in double quotes
     * @throws IllegalArgumentException if it holds a {@code $} or a control character
     */
    static String value(String what, Path path) {
        String text = path.toString();
        if (text.indexOf('$') >= 0) {
            throw new IllegalArgumentException(what + " " + text + " holds a '$', which nginx reads as a variable"
                    + " in these directives, quoted or not; use a path without '$' (a symbolic link to it will do)");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " " + text + " holds a control character, which an nginx"
                    + " configuration cannot hold; use a path without one (a symbolic link to it will do)");
        }
        if (BARE.matcher(text).matches()) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
