package org.opsconsole.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends what the Felix framework itself reports to the console's log. */
final class FelixLogger extends org.apache.felix.framework.Logger {

    private static final Logger LOG = LoggerFactory.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference reference, int level,
            String message, Throwable error) {
        String text = bundle == null ? message : "[" + bundle.getSymbolicName() + "] " + message;
        if (message != null && message.startsWith("Error starting ")) {
            // the launcher reports failed starts itself, with the cause, from the framework event
            LOG.debug(text, error);
            return;
        }
        switch (level) {
            case LOG_ERROR -> LOG.error(text, error);
            case LOG_WARNING -> LOG.warn(text, error);
            case LOG_INFO -> LOG.info(text, error);
            default -> LOG.debug(text, error);
        }
    }
}
