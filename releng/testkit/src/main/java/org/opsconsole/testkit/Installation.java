package org.opsconsole.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An extension the test kit installed through the plugin manager.
 *
 * @param file the file's name, as uploaded
 * @param uploadId the upload's id ({@code POST /api/plugins/uploads})
 * @param plan the plan the console showed for it (what would be installed, started, refreshed)
 * @param change the number of the change that applied it ({@code POST /api/plugins/uploads/<id>/apply})
 * @param feature the id of the installed feature ({@code group:artifact:json:version}), which uninstalls it
 */
public record Installation(String file, String uploadId, JsonNode plan, long change, String feature) {
}
