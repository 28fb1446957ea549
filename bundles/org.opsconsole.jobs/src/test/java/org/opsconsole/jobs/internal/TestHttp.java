package org.opsconsole.jobs.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;

import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.testing.ServletAnswer;

import jakarta.servlet.http.HttpServletRequest;

/** Requests and responses for servlet tests, as Mockito mocks that keep what the servlet wrote. */
final class TestHttp {

    private TestHttp() {
    }

    /**
     * A request to {@code /api/jobs<pathInfo>} from a signed-in user (or none), with query parameters
     * ({@code name, value, ...}).
     */
    static HttpServletRequest request(String method, String pathInfo, ConsoleUser user, String... parameters) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getRequestURI()).thenReturn("/api/jobs" + (pathInfo == null ? "" : pathInfo));
        when(request.getRemoteAddr()).thenReturn("192.0.2.7");
        for (int i = 0; i < parameters.length; i += 2) {
            when(request.getParameterValues(parameters[i])).thenReturn(new String[] {parameters[i + 1]});
        }
        if (user != null) {
            when(request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE)).thenReturn(user);
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
