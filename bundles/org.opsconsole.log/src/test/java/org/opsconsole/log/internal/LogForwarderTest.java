package org.opsconsole.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;

class LogForwarderTest {

    @Test
    void theForwarderListensWhileActive() {
        LogReaderService reader = mock(LogReaderService.class);
        LogForwarder forwarder = new LogForwarder(reader);
        forwarder.deactivate();
        verify(reader).addLogListener(forwarder);
        verify(reader).removeLogListener(forwarder);
    }

    @Test
    void anEntryIsLoggedUnderItsLoggerNameOrElseItsBundle() {
        LogEntry named = mock(LogEntry.class);
        when(named.getLoggerName()).thenReturn("org.apache.felix.scr");
        assertEquals("org.apache.felix.scr", LogForwarder.loggerName(named));

        LogEntry anonymous = mock(LogEntry.class);
        when(anonymous.getLoggerName()).thenReturn("LogService");
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn("org.example");
        when(anonymous.getBundle()).thenReturn(bundle);
        assertEquals("org.example", LogForwarder.loggerName(anonymous));
    }
}
