package org.opsconsole.monitoring.internal.targets;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The kinds of probe installed now: every {@link Probe} service with its {@link ProbeService} properties, from any
 * bundle. A kind that goes away leaves its targets in place; they count as down until it comes back.
 */
@Component(service = ProbeKinds.class)
public class ProbeKinds {

    /**
     * One kind of probe.
     *
     * @param kind its id
     * @param title its name in Chinese
     * @param titleEn its name in English
     * @param probe the service
     */
    public record Kind(String kind, String title, String titleEn, Probe probe) {
    }

    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    /** For the component runtime. */
    public ProbeKinds() {
    }

    /** @param kinds kinds to start with, for tests */
    public ProbeKinds(List<Kind> kinds) {
        kinds.forEach(kind -> this.kinds.put(kind.kind(), kind));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProbe(Probe probe, Map<String, Object> properties) {
        Object kind = properties.get(ProbeService.PREFIX_ + "kind");
        if (kind instanceof String id && id.matches("[a-z][a-z0-9-]{0,39}")) {
            kinds.put(id, new Kind(id, text(properties, "title", id), text(properties, "titleEn", id), probe));
        }
    }

    void removeProbe(Probe probe, Map<String, Object> properties) {
        kinds.values().removeIf(kind -> kind.probe() == probe);
    }

    private static String text(Map<String, Object> properties, String name, String fallback) {
        return properties.get(ProbeService.PREFIX_ + name) instanceof String value ? value : fallback;
    }

    /**
     * @param kind a kind's id
     * @return the kind, when installed
     */
    public Optional<Kind> kind(String kind) {
        return Optional.ofNullable(kind == null ? null : kinds.get(kind));
    }

    /** @return the installed kinds, by id */
    public List<Kind> kinds() {
        return kinds.values().stream().sorted(Comparator.comparing(Kind::kind)).toList();
    }
}
