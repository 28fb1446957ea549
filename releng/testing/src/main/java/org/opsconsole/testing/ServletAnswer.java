package org.opsconsole.testing;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What a servlet answered, for the modules' servlet tests: pass {@link #response} to the servlet, then read the
 * status, content type, headers and body it wrote.
 */
public class ServletAnswer {

    /** The response to hand to the servlet. */
    public final HttpServletResponse response = mock(HttpServletResponse.class);
    /** The bytes the servlet wrote. */
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** The headers the servlet set, in order. */
    public final Map<String, String> headers = new LinkedHashMap<>();
    /** The status the servlet set (200 when it set none). */
    public int status = 200;
    /** The content type the servlet set, or null. */
    public String contentType;

    /** @throws IOException never; the servlet API declares it */
    public ServletAnswer() throws IOException {
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

    /** @return the body as UTF-8 text */
    public String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** @return the body as JSON @throws IOException when it is not JSON */
    public JsonNode json() throws IOException {
        return new ObjectMapper().readTree(body.toByteArray());
    }

    /** @return the fields a problem names, in order @throws IOException when the body is not JSON */
    public List<String> fields() throws IOException {
        List<String> fields = new ArrayList<>();
        json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }
}
