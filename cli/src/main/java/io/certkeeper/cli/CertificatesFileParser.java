package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.renewal.LineageOrigin;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.hook.HookCommand;
import io.certkeeper.acme.store.FileTrust;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads and validates the whole certificates file of {@code certkeeper run} before anything acts
 * on it: a file with any error yields no settings at all, so a broken file on reload leaves the
 * running state as it was. Errors are {@code FILE:LINE: FIELD: problem}.
 *
 * <p>certkeeper runs the file's hooks and trusts its CA bundle as root, so the file, its
 * {@code ca_bundle} and its {@code reload.pidfile} must be changeable by root and certkeeper's own
 * user only ({@link FileTrust}), at every read. A plain-HTTP {@code ca:} to a host that is not
 * loopback is refused unless {@code run --insecure} allows it.
 */
final class CertificatesFileParser {

    private static final List<String> GLOBAL_KEYS = List.of("ca", "ca_bundle", "email", "agree_tos", "config_dir",
            "concurrency", "key_type", "elliptic_curve", "rsa_key_size", "challenge", "placeholder", "responder",
            "reload", "docker", "certificates");
    private static final List<String> CERTIFICATE_KEYS = List.of("name", "domains", "key_type", "elliptic_curve",
            "rsa_key_size", "challenge", "profile", "preferred_chain", "reuse_key", "placeholder", "deploy_hook",
            "keep_versions");
    private static final int MAX_BYTES = 1 << 20;

    private final Path defaultConfigDir;
    private final boolean insecure;

    /**
     * Creates a parser that refuses a plain-HTTP CA to a host that is not loopback.
     *
     * @param defaultConfigDir the config directory when the file names none, as for the other commands
     */
    CertificatesFileParser(Path defaultConfigDir) {
        this(defaultConfigDir, false);
    }

    /**
     * Creates a parser.
     *
     * @param defaultConfigDir the config directory when the file names none, as for the other commands
     * @param insecure whether {@code run --insecure} accepts a plain-HTTP CA to a host that is not loopback
     */
    CertificatesFileParser(Path defaultConfigDir, boolean insecure) {
        this.defaultConfigDir = defaultConfigDir;
        this.insecure = insecure;
    }

    /**
     * Reads and validates a file.
     *
     * @param file the file
     * @return its settings
     * @throws CertificatesFileException if it cannot be read or anything in it is invalid
     */
    CertificatesFile parse(Path file) throws CertificatesFileException {
        String text;
        try {
            Optional<FileTrust.Problem> untrusted = FileTrust.problem(file);
            if (untrusted.isPresent()) {
                throw new CertificatesFileException(file + ": refused, since its hooks run as certkeeper's user: " + untrusted.get());
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new CertificatesFileException(file + ": larger than 1 MiB; is this the certificates file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CertificatesFileException(file + ": no such file; pass the certificates file with --config FILE"
                    + " (examples/certificates.yml shows every setting)", e);
        } catch (IOException e) {
            throw new CertificatesFileException(file + ": cannot be read (" + ErrorHandler.oneLine(e)
                    + "); pass the certificates file with --config FILE", e);
        }
        Node root = compose(file, text);
        return read(file, YamlMapping.of(file, "", root));
    }

    private static Node compose(Path file, String text) throws CertificatesFileException {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(20).build();
        try {
            return new Compose(settings).composeString(text)
                    .orElseThrow(() -> new CertificatesFileException(file + ": is empty; it needs at least a certificates: list"));
        } catch (MarkedYamlEngineException e) {
            String line = e.getProblemMark().map(mark -> ":" + (mark.getLine() + 1)).orElse("");
            throw new CertificatesFileException(file + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new CertificatesFileException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private CertificatesFile read(Path file, YamlMapping root) throws CertificatesFileException {
        CertificateAuthority ca = ca(root);
        Optional<String> email = root.string("email");
        boolean agreeTos = root.bool("agree_tos").orElse(false);
        if (email.isPresent()) {
            try {
                new AccountOptions(email, agreeTos).email();
            } catch (IllegalArgumentException e) {
                throw root.error(root.value("email").orElseThrow(), "email", e.getMessage());
            }
        }
        Path configDir = root.path("config_dir").orElse(defaultConfigDir);
        int concurrency = root.integer("concurrency", 1, 64).orElse(4);
        ResponderSettings responder = responder(root);
        Optional<ReloadSignal> reload = reload(root);
        KeySpec keySpec = keySpec(root, KeySpec.EC_P256);
        ChallengeChoice challenge = challenge(root, responder,
                ChallengeChoice.of(new ChallengeMethod.Standalone(responder.address(), responder.port())));
        FleetDefaults defaults = new FleetDefaults(keySpec, challenge, root.bool("placeholder").orElse(false));
        DiscoveryRules docker = docker(root);

        List<FleetCertificate> certificates = new ArrayList<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<Node> items = root.list("certificates");
        for (int i = 0; i < items.size(); i++) {
            YamlMapping entry = YamlMapping.of(file, "certificates[" + (i + 1) + "]", items.get(i));
            FleetCertificate certificate = certificate(entry, ca, responder, defaults);
            String earlier = origins.putIfAbsent(certificate.name(), certificate.origin());
            if (earlier != null) {
                throw entry.error("name '" + certificate.name() + "' is already used at " + earlier
                        + "; give one of them another name:");
            }
            certificates.add(certificate);
        }
        root.finish(GLOBAL_KEYS);
        return new CertificatesFile(file, ca, email, agreeTos, configDir, concurrency, responder, reload, defaults,
                docker, certificates);
    }

    private CertificateAuthority ca(YamlMapping root) throws CertificatesFileException {
        String chosen = root.string("ca").orElse("letsencrypt");
        CertificateAuthority ca;
        try {
            ca = PlainHttp.allowedBy(CertificateAuthority.of(chosen), insecure, "run --insecure");
        } catch (IllegalArgumentException e) {
            throw root.error(root.value("ca").orElseThrow(), "ca", e.getMessage());
        }
        Optional<Path> bundle = root.path("ca_bundle");
        if (bundle.isPresent() && !Files.isRegularFile(bundle.get())) {
            throw root.error(root.value("ca_bundle").orElseThrow(), "ca_bundle", bundle.get() + " is not a file");
        }
        if (bundle.isPresent()) {
            // The bundle decides whom certkeeper believes to be the CA.
            requireTrusted(root, "ca_bundle", bundle.get());
        }
        return bundle.map(ca::withCaBundle).orElse(ca);
    }

    private static void requireTrusted(YamlMapping mapping, String key, Path path) throws CertificatesFileException {
        Optional<FileTrust.Problem> problem = FileTrust.problem(path);
        if (problem.isPresent()) {
            throw mapping.error(mapping.value(key).orElseThrow(), mapping.child(key), "refused, as " + problem.get());
        }
    }

    private static ResponderSettings responder(YamlMapping root) throws CertificatesFileException {
        Optional<YamlMapping> mapping = root.mapping("responder");
        if (mapping.isEmpty()) {
            return ResponderSettings.DEFAULT;
        }
        YamlMapping responder = mapping.get();
        ResponderSettings settings = new ResponderSettings(responder.string("address"),
                responder.integer("port", 0, 65535).orElse(80), responder.bool("redirect_https").orElse(false));
        responder.finish(List.of("address", "port", "redirect_https"));
        return settings;
    }

    private static Optional<ReloadSignal> reload(YamlMapping root) throws CertificatesFileException {
        Optional<YamlMapping> mapping = root.mapping("reload");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping reload = mapping.get();
        String signal = reload.string("signal").orElse("HUP").toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
        Path pidfile = reload.path("pidfile").orElseThrow(() -> reload.error("needs pidfile: the file holding the PID"
                + " of the process to signal, such as /run/nginx.pid"));
        String process = reload.string("process").orElse(ReloadSignal.DEFAULT_PROCESS);
        reload.finish(List.of("signal", "pidfile", "process"));
        // Checked again before each signal; here so that a bad setup shows at start, not at the first renewal.
        requireTrusted(reload, "pidfile", pidfile);
        try {
            return Optional.of(new ReloadSignal(signal, pidfile, process));
        } catch (IllegalArgumentException e) {
            String field = ReloadSignal.SIGNALS.contains(signal) ? "process" : "signal";
            throw reload.error(reload.value(field).orElseThrow(), reload.child(field), e.getMessage());
        }
    }

    /** {@code docker: {allowed_domains: [example.com, "*.example.com"], merge_names: false}}. */
    private static DiscoveryRules docker(YamlMapping root) throws CertificatesFileException {
        Optional<YamlMapping> mapping = root.mapping("docker");
        if (mapping.isEmpty()) {
            return DiscoveryRules.NONE;
        }
        YamlMapping docker = mapping.get();
        AllowedDomains allowed;
        try {
            allowed = new AllowedDomains(docker.strings("allowed_domains"));
        } catch (IllegalArgumentException e) {
            throw docker.error(docker.value("allowed_domains").orElseThrow(), docker.child("allowed_domains"), e.getMessage());
        }
        boolean merge = docker.bool("merge_names").orElse(false);
        docker.finish(List.of("allowed_domains", "merge_names"));
        return new DiscoveryRules(allowed, merge);
    }

    private static KeySpec keySpec(YamlMapping mapping, KeySpec fallback) throws CertificatesFileException {
        if (!mapping.has("key_type") && !mapping.has("elliptic_curve") && !mapping.has("rsa_key_size")) {
            return fallback;
        }
        String type = mapping.string("key_type").orElse(fallback.algorithm().equals("RSA") ? "rsa" : "ecdsa");
        try {
            return KeySpec.of(type, mapping.string("elliptic_curve").orElse("secp256r1"),
                    mapping.integer("rsa_key_size", 1, 65536).orElse(2048));
        } catch (IllegalArgumentException e) {
            String field = mapping.has("key_type") ? "key_type" : mapping.has("elliptic_curve") ? "elliptic_curve" : "rsa_key_size";
            throw mapping.error(mapping.value(field).orElseThrow(), mapping.child(field), e.getMessage());
        }
    }

    /**
     * {@code standalone}, {@code {webroot: DIR}} or {@code {manual: {auth_hook: CMD, cleanup_hook: CMD}}}.
     */
    private static ChallengeChoice challenge(YamlMapping mapping, ResponderSettings responder, ChallengeChoice fallback)
            throws CertificatesFileException {
        String key = "challenge";
        Optional<Node> value = mapping.value(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String field = mapping.child(key);
        if (value.get() instanceof ScalarNode scalar) {
            if (scalar.getValue().strip().equals("standalone")) {
                return ChallengeChoice.of(new ChallengeMethod.Standalone(responder.address(), responder.port()));
            }
            throw mapping.error(value.get(), field, "must be standalone, {webroot: DIR} or {manual: {auth_hook: CMD}}, not '"
                    + scalar.getValue() + "'");
        }
        YamlMapping challenge = mapping.mapping(key).orElseThrow();
        Optional<Path> webroot = challenge.path("webroot");
        Optional<YamlMapping> manual = challenge.mapping("manual");
        boolean standalone = challenge.has("standalone");
        challenge.finish(List.of("webroot", "manual"));
        if (webroot.isPresent() == manual.isPresent() || standalone) {
            throw challenge.error("must be standalone, {webroot: DIR} or {manual: {auth_hook: CMD}}: exactly one");
        }
        if (webroot.isPresent()) {
            Node at = challenge.value("webroot").orElseThrow();
            if (!Files.isDirectory(webroot.get())) {
                throw challenge.error(at, challenge.child("webroot"), webroot.get() + (Files.exists(webroot.get())
                        ? " is not a directory" : " does not exist") + "; give the directory your web server serves for http://NAME/");
            }
            return ChallengeChoice.webroot(webroot.get());
        }
        YamlMapping hooks = manual.get();
        Optional<String> auth = hooks.string("auth_hook");
        Optional<String> cleanup = hooks.string("cleanup_hook");
        hooks.finish(List.of("auth_hook", "cleanup_hook"));
        if (auth.isEmpty()) {
            throw hooks.error("needs auth_hook: a program that publishes each token, with certbot's CERTBOT_* variables");
        }
        try {
            HookCommand.of(auth.get());
            cleanup.map(HookCommand::of);
        } catch (IllegalArgumentException e) {
            throw hooks.error(e.getMessage());
        }
        return ChallengeChoice.of(new ChallengeMethod.Manual(auth.get(), cleanup));
    }

    private static FleetCertificate certificate(YamlMapping entry, CertificateAuthority ca, ResponderSettings responder,
            FleetDefaults defaults) throws CertificatesFileException {
        String origin = entry.location();
        List<DomainName> domains = new ArrayList<>();
        List<String> typed = entry.strings("domains");
        if (typed.isEmpty()) {
            throw entry.error("needs domains: the names the certificate is for, such as [example.com, www.example.com]");
        }
        for (String name : typed) {
            try {
                DomainName domain = DomainName.of(name);
                if (!domains.contains(domain)) {
                    domains.add(domain);
                }
            } catch (IllegalArgumentException e) {
                throw entry.error(entry.value("domains").orElseThrow(), entry.child("domains"), e.getMessage());
            }
        }
        String name = entry.string("name").orElse(CertificateRequest.defaultName(domains.get(0)));
        if (!Lineage.isValidName(name)) {
            throw entry.error(entry.value("name").orElseThrow(), entry.child("name"), "'" + name
                    + "' is not a certificate name: letters, digits, dots, dashes and underscores only");
        }
        KeySpec keySpec = keySpec(entry, defaults.keySpec());
        ChallengeMethod challenge = challenge(entry, responder, defaults.challenge()).method(domains);
        Optional<String> deployHook = entry.string("deploy_hook");
        try {
            deployHook.map(HookCommand::of);
        } catch (IllegalArgumentException e) {
            throw entry.error(entry.value("deploy_hook").orElseThrow(), entry.child("deploy_hook"), e.getMessage());
        }
        CertificateRequest request;
        try {
            request = new CertificateRequest(name, domains, keySpec).withProfile(entry.string("profile"))
                    .withPreferredChain(entry.string("preferred_chain")).withReuseKey(entry.bool("reuse_key").orElse(false));
        } catch (IllegalArgumentException e) {
            throw entry.error(e.getMessage());
        }
        int keepVersions = entry.integer("keep_versions", 1, 1000).orElse(RenewalSettings.DEFAULT_KEEP_VERSIONS);
        boolean placeholder = entry.bool("placeholder").orElse(defaults.placeholder());
        entry.finish(CERTIFICATE_KEYS);
        RenewalSettings settings = new RenewalSettings(request, ca, Optional.empty(), challenge,
                new LineageHooks(Optional.empty(), Optional.empty(), deployHook), keepVersions, Optional.empty(),
                Optional.of(LineageOrigin.CERTIFICATES_FILE));
        return new FleetCertificate(settings, placeholder, origin);
    }
}
