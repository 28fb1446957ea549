package org.opsconsole.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer of the console: status, headers and body text. Immutable.
 *
 * @param method the request's method
 * @param path the request's path and query
 * @param status the HTTP status
 * @param headers the answer's headers
 * @param body the body as text (UTF-8), empty when there is none
 */
public record ConsoleResponse(String method, String path, int status, HttpHeaders headers, String body) {

    /** @return the body as JSON (a problem's {@code title}, {@code detail} and {@code errors} included) */
    public JsonNode json() {
        try {
            return ConsoleClient.JSON.readTree(body.isEmpty() ? "null" : body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " answered " + status + " with a body that is not JSON: " + body, e);
        }
    }

    /**
     * @param name a header name, any case
     * @return the header's first value
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** @return the {@code Content-Type}, empty string when there is none */
    public String contentType() {
        return header("Content-Type").orElse("");
    }

    /** @return whether the answer is an {@code application/problem+json} error */
    public boolean isProblem() {
        return contentType().startsWith("application/problem+json");
    }

    /**
     * Checks the status.
     *
     * @param statuses the statuses that are right
     * @return this answer, when its status is one of them
     * @throws AssertionError naming the request, the status and the body otherwise
     */
    public ConsoleResponse expect(int... statuses) {
        if (Arrays.stream(statuses).noneMatch(s -> s == status)) {
            throw new AssertionError(method + " " + path + " answered " + status + " instead of " + Arrays.toString(statuses)
                    + (body.isEmpty() ? "" : ": " + body));
        }
        return this;
    }
}
