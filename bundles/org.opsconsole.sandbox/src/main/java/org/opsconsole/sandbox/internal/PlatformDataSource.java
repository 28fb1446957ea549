package org.opsconsole.sandbox.internal;

import java.util.Hashtable;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the simulated platform's database as a {@link DataSource} service named {@value #NAME} (property
 * {@code opsconsole.datasource}), so that the monitoring module can watch it as it would watch the real platform's
 * database (its connections, its login log) without knowing where it is.
 */
@Component(immediate = true)
public class PlatformDataSource {

    /** The data source's name. */
    static final String NAME = "sandbox-platform";

    private final ServiceRegistration<DataSource> registration;

    @Activate
    public PlatformDataSource(BundleContext context, @Reference PlatformDatabase platform) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("opsconsole.datasource", NAME);
        registration = context.registerService(DataSource.class, platform.pool(), properties);
    }

    @Deactivate
    void close() {
        registration.unregister();
    }
}
