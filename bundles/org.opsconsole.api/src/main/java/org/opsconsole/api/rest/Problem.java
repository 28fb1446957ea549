package org.opsconsole.api.rest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An error answer, written as {@code application/problem+json}. For bad input, {@link #errors()} names
 * each field at fault; a request answered with a problem changes nothing.
 *
 * @param type a URI naming the kind of problem, {@code about:blank} when the status says it all
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what happened in this case, in words an operator understands
 * @param errors the fields at fault, for bad input; empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /**
     * One field at fault.
     *
     * @param field the field's name as the request named it
     * @param message what is wrong, in Chinese (the console's default language)
     * @param messageEn what is wrong, in English
     */
    public record FieldError(String field, String message, String messageEn) {
    }

    /**
     * Checks the fields; null errors become an empty list.
     */
    public Problem {
        type = type == null ? "about:blank" : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** @return a 400 problem for bad input naming the fields at fault */
    public static Problem badRequest(List<FieldError> errors) {
        return new Problem(null, "Bad Request", 400, "请求参数有误 / The request has invalid fields", errors);
    }

    /** @return a problem with the given status and detail */
    public static Problem of(int status, String title, String detail) {
        return new Problem(null, title, status, detail, List.of());
    }

    /**
     * Writes this problem as the response.
     *
     * @param response the response, not yet committed
     * @throws IOException when writing fails
     */
    public void write(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        Json.MAPPER.writeValue(response.getOutputStream(), this);
    }
}
