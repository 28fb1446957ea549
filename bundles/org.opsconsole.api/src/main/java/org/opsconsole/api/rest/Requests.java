package org.opsconsole.api.rest;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reading what a request to a module's REST API says, the console's way: its path after the servlet's, query
 * parameters, and a JSON object body. Bad input is collected as {@link FieldError}s naming the parameter or field,
 * so that a servlet answers all of them at once with {@link Problem#badRequest} and changes nothing:
 *
 * <pre>
 * List&lt;FieldError&gt; errors = new ArrayList&lt;&gt;();
 * int limit = Requests.integer(request, "limit", 50, 1, 200, errors);
 * Optional&lt;JsonNode&gt; body = Requests.object(request, response, 16 * 1024);   // answers 400 itself when it is none
 * String title = Requests.text(body.get(), "title", errors);
 * Requests.unknownFields(body.get(), List.of("title"), errors);
 * if (!errors.isEmpty()) { Problem.badRequest(errors).write(response); return; }
 * </pre>
 *
 * Numbers in a JSON body are read exactly ({@link BigDecimal}), never through floating point.
 */
public final class Requests {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Requests() {
    }

    /**
     * The path after the servlet's, split at slashes: {@code /5/read} gives {@code ["5", "read"]}.
     *
     * @param request the request
     * @return the parts; empty for no path
     */
    public static List<String> parts(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.equals("/") || path.isEmpty()) {
            return List.of();
        }
        return List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
    }

    /**
     * A positive id from a path part.
     *
     * @param part the path part
     * @return the id; empty when the part is none
     */
    public static Optional<Long> id(String part) {
        if (!part.matches("[1-9]\\d{0,17}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(part));
    }

    /**
     * The one value of a query parameter, trimmed.
     *
     * @return the value; null when absent or empty (a field error when given twice)
     */
    public static String single(HttpServletRequest request, String name, List<FieldError> errors) {
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
     * A whole-number query parameter from min to max.
     *
     * @return the number; the fallback when absent or empty, or when it is not valid (with a field error)
     */
    public static int integer(HttpServletRequest request, String name, int fallback, int min, int max, List<FieldError> errors) {
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

    /**
     * A positive id query parameter, such as {@code before}.
     *
     * @return the id; null when absent or empty, or when it is not valid (with a field error)
     */
    public static Long id(HttpServletRequest request, String name, List<FieldError> errors) {
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

    /**
     * A yes/no query parameter ({@code true}/{@code false}, {@code 1}/{@code 0}).
     *
     * @return the value; the fallback when absent or empty, or when it is not valid (with a field error)
     */
    public static boolean bool(HttpServletRequest request, String name, boolean fallback, List<FieldError> errors) {
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

    /**
     * Reads the body as a JSON object of at most {@code maxBytes}; when it is none or too long, answers 400 naming the
     * field {@code body}.
     *
     * @return the object; empty when the answer is written already
     */
    public static Optional<JsonNode> object(HttpServletRequest request, HttpServletResponse response, int maxBytes) throws IOException {
        JsonNode node = null;
        try (InputStream in = request.getInputStream()) {
            if (in != null) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
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

    /**
     * A text field of a JSON object, as sent.
     *
     * @return the text; null when absent or null (a field error when it is not text)
     */
    public static String text(JsonNode object, String name, List<FieldError> errors) {
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

    /**
     * A yes/no field of a JSON object.
     *
     * @return the value; null when absent or null (a field error when it is not true or false)
     */
    public static Boolean bool(JsonNode object, String name, List<FieldError> errors) {
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

    /**
     * A list of texts from a JSON object.
     *
     * @return the texts; null when absent or null (a field error when it is not a list of texts)
     */
    public static List<String> texts(JsonNode object, String name, List<FieldError> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> texts = new ArrayList<>();
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
     * An exact number field (a JSON number, or its text).
     *
     * @return the number; null when absent or null (a field error when it is no number)
     */
    public static BigDecimal decimal(JsonNode object, String name, List<FieldError> errors) {
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

    /**
     * A whole-number field (a JSON number, or text of digits).
     *
     * @return the number; null when absent or null (a field error when it is not whole)
     */
    public static Long whole(JsonNode object, String name, List<FieldError> errors) {
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

    /** Adds a field error for each name the JSON object has that is not among the known ones. */
    public static void unknownFields(JsonNode object, List<String> known, List<FieldError> errors) {
        object.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                errors.add(new FieldError(field, "未知字段", "Unknown field"));
            }
        });
    }
}
