package org.opsconsole.audit.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.testing.ServletAnswer;

import jakarta.servlet.http.HttpServletRequest;

/** Requests and responses for servlet tests, as Mockito mocks that keep what the servlet wrote. */
final class TestHttp {

    private TestHttp() {
    }

    /** A request with the given method, query parameters ({@code name, value, ...}), and signed-in user (or none). */
    static HttpServletRequest request(String method, String user, String... parameters) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn("/api/audit/test");
        when(request.getRemoteAddr()).thenReturn("192.0.2.7");
        Map<String, String[]> map = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], new String[] {parameters[i + 1]});
        }
        when(request.getParameterMap()).thenReturn(map);
        if (user != null) {
            ConsoleUser consoleUser = mock(ConsoleUser.class);
            when(consoleUser.name()).thenReturn(user);
            when(consoleUser.permissions()).thenReturn(Set.of("audit.read", "audit.verify"));
            when(request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE)).thenReturn(consoleUser);
        }
        return request;
    }

    /** What a servlet answered (the shared capture from the test-support module). */
    static final class Answer extends ServletAnswer {

        Answer() throws IOException {
            super();
        }
    }
}
