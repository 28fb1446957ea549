package org.opsconsole.testing;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.opsconsole.api.security.ConsoleUser;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/** Requests for servlet tests, as Mockito mocks; {@link ServletAnswer} keeps what the servlet wrote. */
public final class TestRequests {

    private TestRequests() {
    }

    /**
     * A request from a signed-in user (or none), with a JSON body (or none) and query parameters ({@code name, value, ...}).
     */
    public static HttpServletRequest request(String method, String pathInfo, ConsoleUser user, String body, String... parameters)
            throws IOException {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getRequestURI()).thenReturn("/api/x" + (pathInfo == null ? "" : pathInfo));
        when(request.getRemoteAddr()).thenReturn("192.0.2.7");
        for (int i = 0; i < parameters.length; i += 2) {
            when(request.getParameterValues(parameters[i])).thenReturn(new String[] {parameters[i + 1]});
        }
        if (user != null) {
            when(request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE)).thenReturn(user);
        }
        ByteArrayInputStream bytes = new ByteArrayInputStream(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        when(request.getInputStream()).thenReturn(new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        });
        return request;
    }
}
