package org.opsconsole.notify.internal;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.security.ConsoleUser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Requests and responses for servlet tests, as Mockito mocks that keep what the servlet wrote. */
final class TestHttp {

    private TestHttp() {
    }

    /**
     * A request from a signed-in user (or none), with a JSON body (or none) and query parameters ({@code name, value, ...}).
     */
    static HttpServletRequest request(String method, String pathInfo, ConsoleUser user, String body, String... parameters)
            throws IOException {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getRequestURI()).thenReturn("/api/notify/x" + (pathInfo == null ? "" : pathInfo));
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

    /** What a servlet answered. */
    static final class Answer {

        final HttpServletResponse response = mock(HttpServletResponse.class);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> headers = new LinkedHashMap<>();
        int status = 200;
        String contentType;

        Answer() throws IOException {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            when(response.getOutputStream()).thenReturn(out);
            doAnswer(call -> status = call.getArgument(0)).when(response).setStatus(anyInt());
            doAnswer(call -> contentType = call.getArgument(0)).when(response).setContentType(anyString());
            doAnswer(call -> headers.put(call.getArgument(0), call.getArgument(1))).when(response).setHeader(anyString(), anyString());
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body.toByteArray());
        }

        /** @return the fields a problem names, in order */
        List<String> fields() throws IOException {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
            return fields;
        }
    }
}
