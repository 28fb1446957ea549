package org.opsconsole.monitoring.internal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the JSON objects of texts a request carries (settings, labels). */
final class TextMaps {

    private TextMaps() {
    }

    /**
     * @param object the request's object
     * @param name the member
     * @param errors where a member that is not an object of texts is reported
     * @return the texts; null when the member is absent or null
     */
    static Map<String, String> read(JsonNode object, String name, List<FieldError> errors) {
        JsonNode member = object.get(name);
        if (member == null || member.isNull()) {
            return null;
        }
        if (!member.isObject()) {
            errors.add(new FieldError(name, "须为对象", "Must be an object"));
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        member.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                texts.put(entry.getKey(), value.asText());
            } else if (!value.isNull()) {
                errors.add(new FieldError(name + "." + entry.getKey(), "须为文本", "Must be text"));
            }
        });
        return texts;
    }

    /**
     * @param value a whole number from a request, or null
     * @return the number as an int, out-of-range values made extreme so that the range check refuses them
     */
    static Integer clamp(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
