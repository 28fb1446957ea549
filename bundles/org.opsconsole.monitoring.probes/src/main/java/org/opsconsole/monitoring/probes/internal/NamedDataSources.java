package org.opsconsole.monitoring.probes.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@link DataSource} services other bundles offer for probing, by the name in their {@value #PROPERTY} property
 * (the sandbox offers its platform database as {@code sandbox-platform}). A database target names one instead of a
 * URL and a password. Thread-safe.
 */
@Component(service = NamedDataSources.class)
public class NamedDataSources {

    /** The service property that names a data source. */
    static final String PROPERTY = "opsconsole.datasource";

    private final Map<String, DataSource> byName = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + PROPERTY + "=*)")
    void addDataSource(DataSource dataSource, Map<String, Object> properties) {
        byName.put(name(properties), dataSource);
    }

    void removeDataSource(DataSource dataSource, Map<String, Object> properties) {
        byName.remove(name(properties), dataSource);
    }

    /** @return the data source of that name, if one is registered */
    Optional<DataSource> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private static String name(Map<String, Object> properties) {
        return String.valueOf(properties.get(PROPERTY)).strip();
    }
}
