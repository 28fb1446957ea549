package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the notification API reads beyond {@link org.opsconsole.api.rest.Requests}: its body limit, and a channel's
 * settings.
 */
final class RequestInput {

    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 64 * 1024;

    private RequestInput() {
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
                errors.add(new FieldError(SettingValues.FIELD_PREFIX + entry.getKey(), "须为文本", "Must be text"));
            }
        });
        return settings;
    }
}
