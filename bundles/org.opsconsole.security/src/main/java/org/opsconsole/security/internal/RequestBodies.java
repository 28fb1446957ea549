package org.opsconsole.security.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a JSON request body into named text fields, collecting what is missing or malformed. */
final class RequestBodies {

    /** Thrown with the problem to answer. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        BadRequest(Problem problem) {
            super(problem.detail());
            this.problem = problem;
        }
    }

    private final JsonNode body;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private RequestBodies(JsonNode body) {
        this.body = body;
    }

    static RequestBodies read(HttpServletRequest request) throws IOException, BadRequest {
        if (request.getContentLength() > 64 * 1024) {
            throw new BadRequest(Problem.of(413, "Payload Too Large", "请求过大 / The request is too large"));
        }
        try {
            JsonNode node = Json.MAPPER.readTree(request.getInputStream());
            if (node == null || !node.isObject()) {
                throw new BadRequest(Problem.badRequest(List.of(new Problem.FieldError("body", "请求体须为 JSON 对象", "The body must be a JSON object"))));
            }
            return new RequestBodies(node);
        } catch (JsonProcessingException e) {
            throw new BadRequest(Problem.badRequest(List.of(new Problem.FieldError("body", "请求体不是有效的 JSON", "The body is not valid JSON"))));
        }
    }

    /** A required text field; records an error when missing, empty or longer than {@code max}. */
    String text(String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(new Problem.FieldError(field, "必填", "Required"));
            return "";
        }
        if (value.asText().length() > max) {
            errors.add(new Problem.FieldError(field, "不能超过 " + max + " 个字符", "At most " + max + " characters"));
        }
        return value.asText();
    }

    /** An optional list of texts. */
    List<String> texts(String field) {
        JsonNode value = body.get(field);
        List<String> list = new ArrayList<>();
        if (value == null || value.isNull()) {
            return list;
        }
        if (!value.isArray()) {
            errors.add(new Problem.FieldError(field, "须为列表", "Must be a list"));
            return list;
        }
        value.forEach(v -> list.add(v.asText()));
        return list;
    }

    void error(String field, String zh, String en) {
        errors.add(new Problem.FieldError(field, zh, en));
    }

    /** @throws BadRequest naming every field at fault, if any */
    void check() throws BadRequest {
        if (!errors.isEmpty()) {
            throw new BadRequest(Problem.badRequest(errors));
        }
    }

    static Map<String, Object> userJson(Accounts.Account account) {
        return Map.of("name", account.name(), "displayName", account.displayName(), "enabled", account.enabled(),
                "mustChangePassword", account.mustChangePassword(),
                "locked", account.lockedUntil() != null && account.lockedUntil().isAfter(java.time.Instant.now()),
                "roles", account.roles().stream().map(r -> r.id).toList(),
                "createdAt", String.valueOf(account.createdAt()));
    }
}
