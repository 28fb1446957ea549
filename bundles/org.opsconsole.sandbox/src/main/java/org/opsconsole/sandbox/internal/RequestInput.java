package org.opsconsole.sandbox.internal;

import java.util.List;

import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;

import com.fasterxml.jackson.databind.JsonNode;

/** What the sandbox's APIs read beyond {@link Requests}: their body limit, and text fields trimmed. */
final class RequestInput {

    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 16 * 1024;

    private RequestInput() {
    }

    /** A text field, trimmed; null when absent or null; a field error when it is not text. */
    static String text(JsonNode object, String name, List<FieldError> errors) {
        String text = Requests.text(object, name, errors);
        return text == null ? null : text.trim();
    }
}
