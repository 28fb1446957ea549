package org.opsconsole.monitoring.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opsconsole.api.rest.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/** The JSON texts the module keeps in its tables: label maps (keys sorted) and lists of names. */
public final class JsonText {

    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };
    private static final TypeReference<ArrayList<String>> NAMES = new TypeReference<>() {
    };

    private JsonText() {
    }

    /**
     * @param labels labels
     * @return the canonical text: keys sorted, no spaces
     */
    public static String labels(Map<String, String> labels) {
        return write(new TreeMap<>(labels));
    }

    /**
     * @param text a stored label map; null or empty for none
     * @return the labels, keys sorted
     */
    public static Map<String, String> labels(String text) {
        return text == null || text.isBlank() ? Map.of() : read(text, LABELS);
    }

    /**
     * @param names names
     * @return the text of the list
     */
    public static String names(Collection<String> names) {
        return write(List.copyOf(names));
    }

    /**
     * @param text a stored list; null or empty for none
     * @return the names
     */
    public static List<String> names(String text) {
        return text == null || text.isBlank() ? List.of() : List.copyOf(read(text, NAMES));
    }

    /**
     * @param value any value Jackson writes
     * @return its JSON text
     */
    public static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored JSON text is damaged: " + e.getMessage(), e);
        }
    }
}
