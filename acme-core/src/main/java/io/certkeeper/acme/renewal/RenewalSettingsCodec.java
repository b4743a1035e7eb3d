package io.certkeeper.acme.renewal;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.json.JsonWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * The JSON form of {@link RenewalSettings}, version 1:
 *
 * <pre>
 * {
 *   "version": 1,
 *   "name": "example.com",
 *   "domains": ["example.com", "www.example.com"],
 *   "server": "acme://letsencrypt.org",
 *   "caBundle": null,
 *   "account": "https://…/acct/123",
 *   "key": "ecdsa secp256r1",
 *   "profile": null,
 *   "preferredChain": null,
 *   "reuseKey": false,
 *   "challenge": {"method": "webroot", "webroots": {"example.com": "/var/www/html", …}},
 *   "hooks": {"pre": null, "post": null, "deploy": "systemctl reload nginx"},
 *   "keepVersions": 10,
 *   "renewalInfo": {"start": "…", "end": "…", "explanation": null, "fetched": "…", "nextFetch": "…"},
 *   "origin": "certonly"
 * }
 * </pre>
 *
 * {@code "plaintextAllowed": true} follows {@code caBundle} only for a CA whose plain-HTTP directory
 * the user accepted ({@link CertificateAuthority#allowingPlaintext()}), so that renewing it needs
 * no opt-in again; a loopback {@code http://} directory needs none.
 * {@code challenge} is {@code {"method": "standalone", "address": null, "port": 80}} or
 * {@code {"method": "manual", "authHook": "…", "cleanupHook": null}} for the other methods.
 * {@code origin} ({@link LineageOrigin}) is {@code certonly}, {@code certificates-file} or a
 * discovery source's name such as {@code docker}; settings written before it was added lack it.
 * Unknown fields are ignored, so a newer certkeeper can add some. Stateless.
 */
final class RenewalSettingsCodec {

    static final int VERSION = 1;

    private RenewalSettingsCodec() {
    }

    static String write(RenewalSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        CertificateRequest request = settings.request();
        json.put("version", VERSION);
        json.put("name", request.name());
        json.put("domains", request.domains().stream().map(DomainName::value).toList());
        json.put("server", settings.ca().directory().toString());
        json.put("caBundle", settings.ca().caBundle().map(Path::toString).orElse(null));
        if (settings.ca().plaintextAllowed()) {
            json.put("plaintextAllowed", true); // absent otherwise: files of earlier versions read the same
        }
        json.put("account", settings.account().map(URL::toString).orElse(null));
        json.put("key", request.keySpec().describe());
        json.put("profile", request.profile().orElse(null));
        json.put("preferredChain", request.preferredChain().orElse(null));
        json.put("reuseKey", request.reuseKey());
        json.put("challenge", challenge(settings.challenge()));
        Map<String, Object> hooks = new LinkedHashMap<>();
        hooks.put("pre", settings.hooks().pre().orElse(null));
        hooks.put("post", settings.hooks().post().orElse(null));
        hooks.put("deploy", settings.hooks().deploy().orElse(null));
        json.put("hooks", hooks);
        json.put("keepVersions", settings.keepVersions());
        json.put("renewalInfo", settings.renewalInfo().map(RenewalSettingsCodec::window).orElse(null));
        json.put("origin", settings.origin().map(LineageOrigin::value).orElse(null));
        return JsonWriter.write(json);
    }

    /**
     * Reads the JSON text.
     *
     * @throws IllegalArgumentException if it is not JSON, lacks a field, or holds an invalid value;
     *         the message names the field
     */
    static RenewalSettings read(String text) {
        JSON json;
        try {
            json = JSON.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("it is not JSON (" + e.getMessage() + ")", e);
        }
        String field = "version";
        try {
            int version = json.get(field).asInt();
            if (version > VERSION) {
                throw new IllegalArgumentException("it was written by a newer certkeeper (version " + version + ")");
            }
            field = "domains";
            List<DomainName> domains = json.get(field).asArray().stream().map(v -> DomainName.of(v.asString())).toList();
            field = "key";
            KeySpec keySpec = keySpec(json.get(field).asString());
            field = "name";
            CertificateRequest request = new CertificateRequest(json.get(field).asString(), domains, keySpec);
            field = "profile";
            request = request.withProfile(string(json, field));
            field = "preferredChain";
            request = request.withPreferredChain(string(json, field));
            field = "reuseKey";
            request = request.withReuseKey(json.get(field).optional().map(JSON.Value::asBoolean).orElse(false));
            field = "server";
            CertificateAuthority ca = CertificateAuthority.of(json.get(field).asString());
            field = "caBundle";
            Optional<String> bundle = string(json, field);
            if (bundle.isPresent()) {
                ca = ca.withCaBundle(Path.of(bundle.get()));
            }
            field = "plaintextAllowed";
            if (json.get(field).optional().map(JSON.Value::asBoolean).orElse(false)) {
                ca = ca.allowingPlaintext();
            }
            field = "account";
            Optional<URL> account = json.get(field).optional().map(JSON.Value::asURL);
            field = "challenge";
            ChallengeMethod challenge = challenge(json.get(field).asObject());
            field = "hooks";
            JSON hooks = json.get(field).optional().map(JSON.Value::asObject).orElse(JSON.empty());
            LineageHooks lineageHooks = new LineageHooks(string(hooks, "pre"), string(hooks, "post"), string(hooks, "deploy"));
            field = "keepVersions";
            int keep = json.get(field).optional().map(JSON.Value::asInt).orElse(RenewalSettings.DEFAULT_KEEP_VERSIONS);
            if (keep < 1) {
                // checked here too, so that the message names this field rather than the last one read
                throw new IllegalArgumentException(keep + " is below 1, the version in use");
            }
            field = "renewalInfo";
            Optional<RenewalWindow> window = json.get(field).optional().map(v -> window(v.asObject()));
            field = "origin";
            Optional<LineageOrigin> origin = string(json, field).map(LineageOrigin::new);
            return new RenewalSettings(request, ca, account, challenge, lineageHooks, keep, window, origin);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field '" + field + "': " + describe(e), e);
        }
    }

    private static Map<String, Object> challenge(ChallengeMethod method) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (method instanceof ChallengeMethod.Standalone standalone) {
            json.put("method", "standalone");
            json.put("address", standalone.address().orElse(null));
            json.put("port", standalone.port());
        } else if (method instanceof ChallengeMethod.Webroot webroot) {
            json.put("method", "webroot");
            Map<String, Object> roots = new LinkedHashMap<>();
            webroot.webroots().entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
                    .forEach(e -> roots.put(e.getKey().value(), e.getValue().toString()));
            json.put("webroots", roots);
        } else if (method instanceof ChallengeMethod.Manual manual) {
            json.put("method", "manual");
            json.put("authHook", manual.authHook());
            json.put("cleanupHook", manual.cleanupHook().orElse(null));
        }
        return json;
    }

    private static ChallengeMethod challenge(JSON json) {
        String method = json.get("method").asString();
        return switch (method) {
            case "standalone" -> new ChallengeMethod.Standalone(string(json, "address"), json.get("port").asInt());
            case "webroot" -> {
                JSON roots = json.get("webroots").asObject();
                Map<DomainName, Path> webroots = new LinkedHashMap<>();
                for (String domain : roots.keySet()) {
                    webroots.put(DomainName.of(domain), Path.of(roots.get(domain).asString()));
                }
                yield new ChallengeMethod.Webroot(webroots);
            }
            case "manual" -> new ChallengeMethod.Manual(json.get("authHook").asString(), string(json, "cleanupHook"));
            default -> throw new IllegalArgumentException("unknown challenge method '" + method + "'");
        };
    }

    private static Map<String, Object> window(RenewalWindow window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", window.start().toString());
        json.put("end", window.end().toString());
        json.put("explanation", window.explanation().map(URL::toString).orElse(null));
        json.put("fetched", window.fetched().toString());
        json.put("nextFetch", window.nextFetch().toString());
        return json;
    }

    private static RenewalWindow window(JSON json) {
        return new RenewalWindow(json.get("start").asInstant(), json.get("end").asInstant(),
                json.get("explanation").optional().map(JSON.Value::asURL), json.get("fetched").asInstant(),
                json.get("nextFetch").asInstant());
    }

    private static KeySpec keySpec(String described) {
        String[] parts = described.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + described + "' is not a key type such as 'ecdsa secp256r1' or 'rsa 2048'");
        }
        return parts[0].equals("rsa") ? KeySpec.of("rsa", "secp256r1", Integer.parseInt(parts[1]))
                : KeySpec.of(parts[0], parts[1], 2048);
    }

    private static Optional<String> string(JSON json, String key) {
        return json.get(key).optional().map(JSON.Value::asString);
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
