package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reading what a request to the sandbox says: its path after the servlet's and a JSON object body; bad input is
 * collected as {@link FieldError}s naming the field.
 */
final class RequestInput {

    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 16 * 1024;
    /** Numbers are read exactly, never through a double. */
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RequestInput() {
    }

    /** @return the path after the servlet's, split at slashes: {@code /latency} gives {@code ["latency"]} */
    static List<String> parts(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.equals("/") || path.isEmpty()) {
            return List.of();
        }
        return List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
    }

    /**
     * Reads the body as a JSON object; when it is none, answers 400 naming the field {@code body}.
     *
     * @return the object; empty when the answer is written already
     */
    static Optional<JsonNode> object(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode node = null;
        try (InputStream in = request.getInputStream()) {
            if (in != null) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    Problem.badRequest(List.of(new FieldError("body", "请求内容过长", "The request body is too long"))).write(response);
                    return Optional.empty();
                }
                node = bytes.length == 0 ? null : READER.readTree(bytes);
            }
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            Problem.badRequest(List.of(new FieldError("body", "请求内容须为 JSON 对象", "The request body must be a JSON object")))
                    .write(response);
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** A text field; null when absent or null; a field error when it is not text. */
    static String text(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "须为文本", "Must be text"));
            return null;
        }
        return value.asText().trim();
    }

    /** A yes/no field; null when absent or null. */
    static Boolean bool(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(name, "须为 true 或 false", "Must be true or false"));
            return null;
        }
        return value.asBoolean();
    }

    /** A whole-number field (a JSON number, or text of digits); null when absent or null. */
    static Long whole(JsonNode object, String name, List<FieldError> errors) {
        BigDecimal number = decimal(object, name, errors);
        if (number == null) {
            return null;
        }
        try {
            return number.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            errors.add(new FieldError(name, "须为整数", "Must be a whole number"));
            return null;
        }
    }

    /** An exact number field (a JSON number, or its text); null when absent or null. */
    static BigDecimal decimal(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(new FieldError(name, "须为数字", "Must be a number"));
        return null;
    }

    /** The names a JSON object has that are not among the known ones, as field errors. */
    static void unknownFields(JsonNode object, List<String> known, List<FieldError> errors) {
        object.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                errors.add(new FieldError(field, "未知字段", "Unknown field"));
            }
        });
    }
}
