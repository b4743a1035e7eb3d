package io.certkeeper.docker;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.discovery.DiscoveryRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The certificates a set of containers asks for, one per lineage name, and the problems found on
 * the way, each a line naming the container. A container asking for any name the
 * {@link DiscoveryRules#allowedDomains() allowed domains} do not allow is skipped whole. Containers
 * are read in the order given (oldest first): when two ask for the same lineage, the oldest one's
 * request stands and the others are skipped, unless {@link DiscoveryRules#mergeNames() names are
 * merged}: then they get one certificate with the names of all, the first one's names first, and
 * when they set a different key type, the first one's wins.
 *
 * @param certificates by lineage name
 * @param problems one line per container skipped or label overruled, to log
 */
record ContainerScan(List<DiscoveredCertificate> certificates, List<String> problems) {

    ContainerScan {
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the containers' labels.
     *
     * @param containers the containers, oldest first
     * @param rules the names containers may ask for, and whether their requests are merged
     * @return what they ask for
     */
    static ContainerScan of(List<ContainerLabels> containers, DiscoveryRules rules) {
        Map<String, Merged> lineages = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ContainerLabels container : containers) {
            Optional<DiscoveredCertificate> asked;
            try {
                asked = DockerLabels.certificate(container.name(), container.labels());
            } catch (IllegalArgumentException e) {
                problems.add("skipping container " + container.name() + ": " + OneLine.of(e.getMessage()));
                continue;
            }
            if (asked.isEmpty()) {
                continue;
            }
            DiscoveredCertificate certificate = asked.get();
            List<DomainName> refused = certificate.domains().stream()
                    .filter(domain -> !rules.allowedDomains().allows(domain)).toList();
            if (!refused.isEmpty()) {
                problems.add(outsideAllowed(container.name(), certificate.name(), refused, rules));
                continue;
            }
            Merged lineage = lineages.get(certificate.name());
            if (lineage != null && !rules.mergeNames()) {
                problems.add("skipping container " + container.name() + ": certificate " + certificate.name()
                        + " is already asked for by container " + lineage.containers.get(0) + ", which is older; "
                        + "containers share a certificate only when merging names is on");
                continue;
            }
            lineages.computeIfAbsent(certificate.name(), Merged::new).add(container.name(), certificate)
                    .ifPresent(problems::add);
        }
        List<DiscoveredCertificate> certificates = lineages.values().stream()
                .map(Merged::certificate)
                .sorted(Comparator.comparing(DiscoveredCertificate::name))
                .toList();
        return new ContainerScan(certificates, problems);
    }

    private static String outsideAllowed(String container, String name, List<DomainName> refused, DiscoveryRules rules) {
        String names = String.join(", ", refused.stream().map(DomainName::value).toList());
        if (rules.allowedDomains().isEmpty()) {
            return "skipping container " + container + ": it asks for certificate " + name + " (" + names
                    + "), but no domain is allowed for containers";
        }
        return "skipping container " + container + ": it asks for certificate " + name + " with "
                + (refused.size() == 1 ? "a name" : "names") + " outside the allowed domains: " + names;
    }

    /** One lineage being merged from the containers that ask for it. */
    private static final class Merged {

        private final String name;
        private final Set<DomainName> domains = new LinkedHashSet<>();
        private final List<String> containers = new ArrayList<>();
        private Optional<KeySpec> keySpec = Optional.empty();

        Merged(String name) {
            this.name = name;
        }

        /** Adds a container's names; returns the problem if it could not be merged as asked. */
        Optional<String> add(String container, DiscoveredCertificate certificate) {
            Set<DomainName> merged = new LinkedHashSet<>(domains);
            merged.addAll(certificate.domains());
            if (merged.size() > CertificateRequest.MAX_DOMAINS) {
                return Optional.of("skipping container " + container + ": certificate " + name + " would have "
                        + merged.size() + " names with those of containers " + String.join(", ", containers)
                        + ", more than the " + CertificateRequest.MAX_DOMAINS + " one certificate can have");
            }
            domains.addAll(certificate.domains());
            containers.add(container);
            if (keySpec.isEmpty()) {
                keySpec = certificate.keySpec();
            } else if (certificate.keySpec().isPresent() && !certificate.keySpec().equals(keySpec)) {
                return Optional.of("container " + container + " asks for certificate " + name + " with key type "
                        + certificate.keySpec().get().describe() + ", another container for "
                        + keySpec.get().describe() + ": keeping " + keySpec.get().describe());
            }
            return Optional.empty();
        }

        DiscoveredCertificate certificate() {
            String origin = (containers.size() == 1 ? "container " : "containers ") + String.join(", ", containers);
            return new DiscoveredCertificate(name, List.copyOf(domains), keySpec, origin);
        }
    }
}
