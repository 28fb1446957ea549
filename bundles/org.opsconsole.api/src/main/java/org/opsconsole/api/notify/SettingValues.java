package org.opsconsole.api.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.secrets.SecretBox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stored values of a form of {@link SettingField}s (a notification channel's settings, a monitoring target's):
 * a JSON object by field name whose plain values are strings and whose secrets are
 * {@code {"sealed": "<SecretBox text>"}}, so that the table never holds a secret in clear and a secret is told from a
 * plain value by its shape, whatever the fields say now. {@link #check} turns what an operator typed into values to
 * store; {@link #display} is what an API may show. Immutable.
 */
public final class SettingValues {

    /** The longest value of one setting, in characters. */
    public static final int MAX_VALUE = 2000;
    /** The prefix of a setting's name in the field errors of a request ({@code settings.url}). */
    public static final String FIELD_PREFIX = "settings.";

    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>()\\[\\]\"]+@[^@\\s,;<>()\\[\\]\"]+\\.[^@\\s,;<>()\\[\\]\"]+");
    private static final Pattern EMAIL_SEPARATOR = Pattern.compile("[,;\\s]+");

    /** No values. */
    public static final SettingValues EMPTY = new SettingValues(Map.of(), Map.of());

    private final Map<String, String> plain;
    private final Map<String, String> sealed;

    private SettingValues(Map<String, String> plain, Map<String, String> sealed) {
        this.plain = Collections.unmodifiableMap(new LinkedHashMap<>(plain));
        this.sealed = Collections.unmodifiableMap(new LinkedHashMap<>(sealed));
    }

    /**
     * Reads stored settings.
     *
     * @param json the stored text; null for none
     * @return the settings
     * @throws IllegalStateException when the text is not such a JSON object (the table was changed outside the console)
     */
    public static SettingValues parse(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json == null ? "{}" : json);
            if (root == null || !root.isObject()) {
                throw new IllegalStateException("the stored settings are not a JSON object");
            }
            Map<String, String> plain = new LinkedHashMap<>();
            Map<String, String> sealed = new LinkedHashMap<>();
            root.fields().forEachRemaining(entry -> {
                JsonNode value = entry.getValue();
                if (value.isObject() && value.path("sealed").isTextual()) {
                    sealed.put(entry.getKey(), value.path("sealed").asText());
                } else if (value.isValueNode() && !value.isNull()) {
                    plain.put(entry.getKey(), value.asText());
                }
            });
            return new SettingValues(plain, sealed);
        } catch (IOException e) {
            throw new IllegalStateException("the stored settings are not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what a request gives as settings (or labels): the JSON object member {@code name}, whose texts, numbers and
     * yes/no values become texts by name. A secret echoed back as {@code {"set": true}}, and null, count as empty (for
     * a secret: keep the stored one).
     *
     * @param object the request's JSON object
     * @param name the member, for example {@code settings}
     * @param errors where a member that is not such an object is reported ({@code name}, or {@code name.<key>} for one
     *        value)
     * @return the values by name; null when the member is absent or null
     */
    public static Map<String, String> read(JsonNode object, String name, List<FieldError> errors) {
        JsonNode member = object.get(name);
        if (member == null || member.isNull()) {
            return null;
        }
        if (!member.isObject()) {
            errors.add(new FieldError(name, "须为按名称给出的对象", "Must be an object of values by name"));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        member.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                values.put(entry.getKey(), value.asText());
            } else if (value.isNull() || (value.isObject() && value.has("set"))) {
                values.put(entry.getKey(), "");
            } else {
                errors.add(new FieldError(name + "." + entry.getKey(), "须为文本", "Must be text"));
            }
        });
        return values;
    }

    /** @return the text to store */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        plain.forEach(root::put);
        sealed.forEach((name, value) -> root.putObject(name).put("sealed", value));
        return root.toString();
    }

    /**
     * @param box the installation's secret box
     * @return every setting with the secrets opened, for use
     * @throws IllegalArgumentException when a sealed secret does not open (another installation's key, or changed)
     */
    public Map<String, String> open(SecretBox box) {
        Map<String, String> all = new LinkedHashMap<>(plain);
        sealed.forEach((name, value) -> all.put(name, box.open(value)));
        return all;
    }

    /** @return the settings as the API shows them: plain values, and {@code {"set": true}} for each stored secret */
    public Map<String, Object> display() {
        Map<String, Object> all = new LinkedHashMap<>(plain);
        sealed.keySet().forEach(name -> all.put(name, Map.of("set", true)));
        return all;
    }

    /**
     * @param name a setting's name
     * @return whether a secret is stored under the name
     */
    public boolean hasSecret(String name) {
        return sealed.containsKey(name);
    }

    /**
     * What a change of settings comes to.
     *
     * @param settings the settings to store; null when there are errors
     * @param clear the values in clear, by name
     * @param errors what is wrong, with field names {@code settings.<name>}
     * @param changed the names of the settings that change
     */
    public record Checked(SettingValues settings, Map<String, String> clear, List<FieldError> errors, List<String> changed) {
    }

    /**
     * Checks settings an operator gave for a kind and makes the ones to store. For a secret, an empty or absent value
     * keeps the stored one; for a plain setting, an absent one keeps the stored value and an empty one clears it.
     * Checked, in order: unknown names, required fields, each value's {@link SettingField.Kind}, then the kind's own
     * validator (a {@link NotificationChannel#validate}, a probe's {@code validate}). New secrets are sealed; stored ones are kept as they are.
     *
     * @param stored the settings stored now ({@link #EMPTY} for a new one)
     * @param input the values given, by name; null means none given (keep all)
     * @param fields the form's fields
     * @param validator the kind's own checks of the values in clear
     * @param box seals the new secrets and opens the stored ones
     * @return the settings to store (null when there are errors), the values in clear, the errors with field names
     *         {@code settings.<name>}, and the names of the settings that change (for the audit trail)
     */
    public static Checked check(SettingValues stored, Map<String, String> input, List<SettingField> fields,
            Function<Map<String, String>, List<FieldError>> validator, SecretBox box) {
        Map<String, String> given = input == null ? Map.of() : input;
        List<FieldError> errors = new ArrayList<>();
        Map<String, SettingField> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                errors.add(new FieldError(FIELD_PREFIX + name, "没有这项设置", "There is no such setting"));
            }
        }
        Map<String, String> clear = new LinkedHashMap<>();
        Map<String, String> newPlain = new LinkedHashMap<>();
        Map<String, String> newSealed = new LinkedHashMap<>();
        Map<String, String> toSeal = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (SettingField field : fields) {
            String name = field.name();
            String value = given.get(name);
            if (field.kind() == SettingField.Kind.SECRET) {
                if (value != null && !value.isEmpty()) {
                    toSeal.put(name, value);
                    clear.put(name, value);
                    changed.add(name);
                } else if (stored.sealed.containsKey(name)) {
                    newSealed.put(name, stored.sealed.get(name));
                    clear.put(name, null); // opened below, only when the kind's validate needs it
                } else {
                    clear.put(name, "");
                }
            } else {
                String effective = value == null ? stored.plain.getOrDefault(name, "") : value.strip();
                clear.put(name, effective);
                if (!effective.isEmpty()) {
                    newPlain.put(name, effective);
                }
                if (!Objects.equals(effective, stored.plain.getOrDefault(name, ""))) {
                    changed.add(name);
                }
            }
        }
        stored.sealed.keySet().stream().filter(name -> !byName.containsKey(name) || byName.get(name).kind() != SettingField.Kind.SECRET)
                .forEach(changed::add);
        for (SettingField field : fields) {
            String value = clear.get(field.name());
            boolean present = value == null || !value.isEmpty();
            if (field.required() && !present) {
                errors.add(new FieldError(FIELD_PREFIX + field.name(), "必填", "Required"));
            } else if (value != null && !value.isEmpty()) {
                kindError(field, value).ifPresent(errors::add);
            }
        }
        if (errors.isEmpty()) {
            Map<String, String> forChannel = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : clear.entrySet()) {
                String value = entry.getValue();
                if (value == null) {
                    try {
                        value = box.open(stored.sealed.get(entry.getKey()));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(FIELD_PREFIX + entry.getKey(), "已保存的密钥无法解密，请重新填写",
                                "The stored secret cannot be decrypted; enter it again"));
                        continue;
                    }
                }
                if (!value.isEmpty()) {
                    forChannel.put(entry.getKey(), value);
                }
            }
            if (errors.isEmpty()) {
                errors.addAll(validatorErrors(validator, forChannel, byName.keySet()));
            }
            clear = forChannel;
        }
        if (!errors.isEmpty()) {
            return new Checked(null, clear, errors, changed);
        }
        toSeal.forEach((name, value) -> newSealed.put(name, box.seal(value)));
        Map<String, String> orderedSealed = new LinkedHashMap<>();
        fields.stream().map(SettingField::name).filter(newSealed::containsKey).forEach(n -> orderedSealed.put(n, newSealed.get(n)));
        return new Checked(new SettingValues(newPlain, orderedSealed), clear, List.of(), changed);
    }

    /**
     * The error of a value that does not fit its field's kind, if it does not.
     *
     * @param field the field
     * @param value the value given
     * @return the error, named {@code settings.<name>}; empty when the value fits
     */
    public static Optional<FieldError> kindError(SettingField field, String value) {
        String name = FIELD_PREFIX + field.name();
        if (value.length() > MAX_VALUE) {
            return Optional.of(new FieldError(name, "最多 " + MAX_VALUE + " 个字符", "At most " + MAX_VALUE + " characters"));
        }
        switch (field.kind()) {
            case URL:
                if (!isHttpUrl(value)) {
                    return Optional.of(new FieldError(name, "须为以 http:// 或 https:// 开头的完整地址",
                            "Must be a full address starting with http:// or https://"));
                }
                break;
            case NUMBER:
                if (!NUMBER.matcher(value).matches()) {
                    return Optional.of(new FieldError(name, "须为整数", "Must be a whole number"));
                }
                break;
            case BOOLEAN:
                if (!value.equals("true") && !value.equals("false")) {
                    return Optional.of(new FieldError(name, "须为 true 或 false", "Must be true or false"));
                }
                break;
            case EMAILS:
                for (String address : EMAIL_SEPARATOR.split(value.strip())) {
                    if (!EMAIL.matcher(address).matches()) {
                        return Optional.of(new FieldError(name, "不是有效的电子邮件地址：" + address,
                                "Not a valid e-mail address: " + address));
                    }
                }
                break;
            default:
                break;
        }
        return Optional.empty();
    }

    /**
     * @param value any text
     * @return whether it is an absolute http(s) URL with a host
     */
    public static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The kind's own checks, their field names made {@code settings.<name>}. */
    private static List<FieldError> validatorErrors(Function<Map<String, String>, List<FieldError>> validator,
            Map<String, String> settings, Set<String> names) {
        List<FieldError> found;
        try {
            found = validator.apply(Collections.unmodifiableMap(settings));
        } catch (RuntimeException | LinkageError e) {
            return List.of(new FieldError("settings", "检查设置时出错：" + e,
                    "The settings could not be checked: " + e));
        }
        if (found == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (FieldError error : found) {
            String field = error.field() == null ? "" : error.field();
            String named = field.startsWith(FIELD_PREFIX) ? field : names.contains(field) ? FIELD_PREFIX + field : "settings";
            String message = error.message() == null ? "" : error.message();
            errors.add(new FieldError(named, message, error.messageEn() == null ? message : error.messageEn()));
        }
        return errors;
    }
}
