package org.opsconsole.log.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every OSGi log entry to the launcher's log (SLF4J, shared through the system bundle), so that
 * what Declarative Services, Configuration Admin or the HTTP service report lands in the terminal and the
 * log files next to everything else.
 *
 * <p>The Log Service also turns framework, bundle and service events into entries; those are routine
 * (the launcher reports failures itself), so they are kept at debug level.
 */
@Component(service = {})
public class LogForwarder implements LogListener {

    private static final Logger EVENTS = LoggerFactory.getLogger("osgi.events");

    private final LogReaderService reader;

    @Activate
    public LogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String name = loggerName(entry);
        boolean event = name.startsWith("Events.");
        Logger logger = event ? EVENTS : LoggerFactory.getLogger(name);
        if (event && !logger.isDebugEnabled()) {
            return;
        }
        String message = event ? name.substring("Events.".length()) + ": " + entry.getMessage() : entry.getMessage();
        Throwable error = entry.getException();
        switch (event ? org.osgi.service.log.LogLevel.DEBUG : entry.getLogLevel()) {
            case AUDIT, ERROR -> logger.error(message, error);
            case WARN -> logger.warn(message, error);
            case INFO -> logger.info(message, error);
            case DEBUG -> logger.debug(message, error);
            default -> logger.trace(message, error);
        }
    }

    static String loggerName(LogEntry entry) {
        String name = entry.getLoggerName();
        if (name != null && !name.isEmpty() && !"LogService".equals(name)) {
            return name;
        }
        String bundle = entry.getBundle() == null ? null : entry.getBundle().getSymbolicName();
        return bundle == null ? "osgi" : bundle;
    }
}
