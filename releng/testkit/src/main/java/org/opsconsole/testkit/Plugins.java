package org.opsconsole.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The console's plugin manager, through its REST API, as a signed-in administrator uses it:
 * <ul>
 * <li>{@code POST /api/plugins/uploads?name=<file name>} with the file's bytes ({@code application/octet-stream}):
 * 201 {@code {"id", "plan"}}, or a 422 problem when the file is refused (untrusted, not a feature archive, ...);</li>
 * <li>{@code POST /api/plugins/uploads/<id>/apply}: 200 {@code {"change", "outcome": "APPLIED", "feature"}}, or a
 * problem (409) when it failed and nothing changed;</li>
 * <li>{@code DELETE /api/plugins/features/<feature id>}: 200 {@code {"change", "outcome": "APPLIED"}}.</li>
 * </ul>
 */
public final class Plugins {

    private final ConsoleClient admin;

    /** @param admin a client signed in as a user who may install code (the system administrator) */
    public Plugins(ConsoleClient admin) {
        this.admin = admin;
    }

    /**
     * Uploads a feature archive ({@code .zip}) or a bundle ({@code .jar}) and applies its plan.
     *
     * @param file the file
     * @return what was installed
     * @throws AssertionError naming the step, the status and the console's problem when the console refused or failed
     */
    public Installation install(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file to install at " + file.toAbsolutePath() + " (was it built?)");
        }
        String name = file.getFileName().toString();
        ConsoleResponse uploaded = admin.upload("/api/plugins/uploads?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), file);
        if (uploaded.status() != 201) {
            throw refused("the console refused the upload of " + name, uploaded);
        }
        JsonNode upload = uploaded.json();
        String id = upload.path("id").asText("");
        if (id.isEmpty()) {
            throw new AssertionError("the upload of " + name + " was answered without an id: " + uploaded.body());
        }
        ConsoleResponse applied = admin.post("/api/plugins/uploads/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/apply");
        JsonNode change = applied.status() == 200 ? applied.json() : null;
        if (change == null || !"APPLIED".equals(change.path("outcome").asText())) {
            throw refused("installing " + name + " failed", applied);
        }
        return new Installation(name, id, upload.path("plan"), change.path("change").asLong(), change.path("feature").asText(null));
    }

    /**
     * Uninstalls a feature.
     *
     * @param feature the feature's id, e.g. {@code org.example:hello:json:1.0.0}
     * @return the number of the change that removed it
     * @throws AssertionError naming the status and the console's problem when the console refused or failed
     */
    public long uninstall(String feature) {
        ConsoleResponse removed = admin.delete("/api/plugins/features/" + feature);
        JsonNode change = removed.status() == 200 ? removed.json() : null;
        if (change == null || !"APPLIED".equals(change.path("outcome").asText())) {
            throw refused("uninstalling " + feature + " failed", removed);
        }
        return change.path("change").asLong();
    }

    private static AssertionError refused(String what, ConsoleResponse response) {
        StringBuilder message = new StringBuilder(what).append(": ").append(response.method()).append(' ')
                .append(response.path()).append(" answered ").append(response.status());
        if (response.status() == 404) {
            message.append(" (does this console have the plugin manager?)");
        }
        if (response.isProblem()) {
            JsonNode problem = response.json();
            message.append(": ").append(problem.path("title").asText()).append(" - ").append(problem.path("detail").asText());
            for (JsonNode error : problem.path("errors")) {
                message.append("\n  ").append(error.isObject() ? error.path("field").asText("?") + ": "
                        + error.path("messageEn").asText(error.path("message").asText(error.toString())) : error.asText());
            }
        } else if (!response.body().isEmpty()) {
            message.append(": ").append(response.body());
        }
        return new AssertionError(message.toString());
    }
}
