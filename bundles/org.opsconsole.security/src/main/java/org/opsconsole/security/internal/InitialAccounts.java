package org.opsconsole.security.internal;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, makes sure the first accounts exist, off the start thread: opening the database and applying
 * its migrations then does not hold up the rest of the console.
 */
@Component(immediate = true, service = {})
public class InitialAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(InitialAccounts.class);

    @Activate
    public InitialAccounts(@Reference ComponentServiceObjects<SecurityService> security) {
        Thread thread = new Thread(() -> {
            SecurityService service = security.getService();
            try {
                service.createInitialAccounts();
            } catch (Exception e) {
                LOG.error("The first accounts could not be created: {}", e.getMessage(), e);
            } finally {
                security.ungetService(service);
            }
        }, "opsconsole-initial-accounts");
        thread.setDaemon(true);
        thread.start();
    }
}
