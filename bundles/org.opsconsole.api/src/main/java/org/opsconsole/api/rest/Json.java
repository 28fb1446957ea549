package org.opsconsole.api.rest;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's JSON: one configured mapper (dates as ISO-8601 text, unknown input fields refused), and
 * writing a JSON answer.
 */
public final class Json {

    /** The shared mapper; thread-safe once configured, do not reconfigure it. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /**
     * Writes a 200 JSON answer that caches nowhere.
     *
     * @param response the response, not yet committed
     * @param body what to write
     * @throws IOException when writing fails
     */
    public static void write(HttpServletResponse response, Object body) throws IOException {
        write(response, HttpServletResponse.SC_OK, body);
    }

    /**
     * Writes a JSON answer with the given status.
     *
     * @param response the response, not yet committed
     * @param status the HTTP status
     * @param body what to write
     * @throws IOException when writing fails
     */
    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(response.getOutputStream(), body);
    }
}
