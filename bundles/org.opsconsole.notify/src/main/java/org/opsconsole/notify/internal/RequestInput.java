package org.opsconsole.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reading what a request to the notification API says: its path after the servlet's, query parameters, and a JSON
 * object body; bad input is collected as {@link FieldError}s naming the parameter or field.
 */
final class RequestInput {

    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 64 * 1024;

    private RequestInput() {
    }

    /** @return the path after the servlet's, split at slashes: {@code /5/read} gives {@code ["5", "read"]} */
    static List<String> parts(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.equals("/") || path.isEmpty()) {
            return List.of();
        }
        return List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
    }

    /** @return a positive id from a path part; empty when it is none */
    static Optional<Long> id(String part) {
        if (!part.matches("[1-9]\\d{0,17}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(part));
    }

    /** A whole-number query parameter from min to max; absent or empty gives the fallback. */
    static int integer(HttpServletRequest request, String name, int fallback, int min, int max, List<FieldError> errors) {
        String value = single(request, name, errors);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "须为 " + min + " 至 " + max + " 之间的整数", "Must be a whole number from " + min + " to " + max));
        return fallback;
    }

    /** A positive id query parameter, such as {@code before}; absent or empty gives null. */
    static Long id(HttpServletRequest request, String name, List<FieldError> errors) {
        String value = single(request, name, errors);
        if (value == null) {
            return null;
        }
        Optional<Long> id = id(value);
        if (id.isEmpty()) {
            errors.add(new FieldError(name, "须为正整数编号", "Must be a positive whole number (an id)"));
            return null;
        }
        return id.get();
    }

    /** A yes/no query parameter ({@code true}/{@code false}, {@code 1}/{@code 0}); absent or empty gives the fallback. */
    static boolean bool(HttpServletRequest request, String name, boolean fallback, List<FieldError> errors) {
        String value = single(request, name, errors);
        if (value == null) {
            return fallback;
        }
        switch (value) {
            case "true", "1" -> {
                return true;
            }
            case "false", "0" -> {
                return false;
            }
            default -> {
                errors.add(new FieldError(name, "须为 true 或 false", "Must be true or false"));
                return fallback;
            }
        }
    }

    /** @return the one value of a query parameter, trimmed; null when absent or empty */
    static String single(HttpServletRequest request, String name, List<FieldError> errors) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0 || (values.length == 1 && values[0].isBlank())) {
            return null;
        }
        if (values.length > 1) {
            errors.add(new FieldError(name, "只能给出一次", "Must be given once"));
            return null;
        }
        return values[0].trim();
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
                node = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
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

    /** A text field of a JSON object; null when absent or null; a field error when it is not text. */
    static String text(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "须为文本", "Must be text"));
            return null;
        }
        return value.asText();
    }

    /** A yes/no field of a JSON object; null when absent or null. */
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

    /** A list of texts from a JSON object; null when absent or null. */
    static List<String> texts(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    errors.add(new FieldError(name, "须为文本列表", "Must be a list of texts"));
                    return null;
                }
                texts.add(item.asText());
            }
            return texts;
        }
        errors.add(new FieldError(name, "须为文本列表", "Must be a list of texts"));
        return null;
    }

    /**
     * Settings from a JSON object field: texts, numbers and yes/no values by name, as texts; a secret echoed back as
     * {@code {"set": true}} counts as not given. Null when absent or null.
     */
    static Map<String, String> settings(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(name, "须为按名称给出的设置", "Must be an object of settings by name"));
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            JsonNode setting = entry.getValue();
            if (setting.isTextual() || setting.isNumber() || setting.isBoolean()) {
                settings.put(entry.getKey(), setting.asText());
            } else if (setting.isNull() || (setting.isObject() && setting.has("set"))) {
                settings.put(entry.getKey(), "");
            } else {
                errors.add(new FieldError(ChannelSettings.FIELD_PREFIX + entry.getKey(), "须为文本", "Must be text"));
            }
        });
        return settings;
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
