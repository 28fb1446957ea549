package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plugin manager in the assembled console, through its REST API: trust before anything else, a plan before a
 * change, all-or-nothing changes with rollback, history and revert, uninstall guarded by what needs a module, the
 * desired state restored after a restart, and the deploy folder. One console, with a truststore of a test key and an
 * upload limit of 2 MB; the tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginsTest {

    private static Path folder;
    private static Path data;
    private static TestModules.Keys keys;
    private static TestModules.Keys stranger;
    private static RunningConsole console;
    private static ConsoleSession admin;
    private static Map<String, String> env;
    private static Path folderRepository;
    private static Path httpRepository;
    private static com.sun.net.httpserver.HttpServer repositoryServer;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("opsconsole-plugins-test");
        data = folder.resolve("data");
        keys = TestModules.keys(folder, "bureau");
        stranger = TestModules.keys(folder, "stranger");
        folderRepository = folder.resolve("folder-repository");
        httpRepository = folder.resolve("http-repository");
        repositoryServer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        repositoryServer.createContext("/maven/", exchange -> {
            Path file = httpRepository.resolve(exchange.getRequestURI().getPath().substring("/maven/".length())).normalize();
            boolean found = file.startsWith(httpRepository) && Files.isRegularFile(file);
            byte[] body = found ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            if (found) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        repositoryServer.start();
        env = Map.of("OPSCONSOLE_PLUGINS_REPOSITORIES", "system," + folderRepository + ",http://127.0.0.1:"
                        + repositoryServer.getAddress().getPort() + "/maven/",
                "OPSCONSOLE_PLUGINS_TRUSTSTORE", keys.truststore().toString(),
                "OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD", "changeit",
                "OPSCONSOLE_PLUGINS_MAX_UPLOAD", Integer.toString(2 * 1024 * 1024),
                "OPSCONSOLE_PLUGINS_DEPLOY", "off");
        console = RunningConsole.start(Distribution.home(), data, env);
        admin = console.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (repositoryServer != null) {
            repositoryServer.stop(0);
        }
    }

    private static String api() {
        return console.bundle("org.opsconsole.api").getVersion().toString();
    }

    private static byte[] signed(byte[] jar) throws Exception {
        return TestModules.sign(jar, keys);
    }

    /** A signed feature org.example:reports with a bundle exporting a package and one importing it. */
    private static byte[] reportsFeature(String version) throws Exception {
        byte[] model = signed(TestModules.bundle("org.example.reports.model", version,
                Map.of("Export-Package", "org.example.reports.model;version=\"" + version + "\"")));
        byte[] web = signed(TestModules.bundle("org.example.reports.web", version,
                Map.of("Import-Package", "org.example.reports.model;version=\"[1.0,3)\"")));
        Map<String, byte[]> jars = new LinkedHashMap<>();
        jars.put("org.example.reports.model-" + version + ".jar", model);
        jars.put("org.example.reports.web-" + version + ".jar", web);
        return TestModules.feature(TestModules.featureJson("reports", version, "[1.0,2)", List.of(),
                "org.example.reports.model", "org.example.reports.web"), jars);
    }

    private static HttpResponse<String> upload(String name, byte[] body) throws Exception {
        return admin.upload("/api/plugins/uploads?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), body);
    }

    private static JsonNode installedFeatures() throws Exception {
        return admin.json("/api/plugins").path("features");
    }

    private static List<String> pluginLocations() {
        return java.util.Arrays.stream(console.framework.getBundleContext().getBundles()).map(Bundle::getLocation)
                .filter(l -> l.startsWith("plugin:")).sorted().toList();
    }

    @Test
    @Order(1)
    void unsignedCodeIsRefusedAndNothingChanges() throws Exception {
        HttpResponse<String> refused = upload("lonely-1.0.0.jar", TestModules.bundle("org.example.lonely", "1.0.0", Map.of()));
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(refused.body().contains("\"field\":\"file\""), refused.body());
        assertTrue(refused.body().contains("not signed") || refused.body().contains("未签名"), refused.body());

        HttpResponse<String> strangers = upload("stranger-1.0.0.jar",
                TestModules.sign(TestModules.bundle("org.example.stranger", "1.0.0", Map.of()), stranger));
        assertEquals(422, strangers.statusCode(), strangers.body());

        byte[] tampered = signed(TestModules.bundle("org.example.tampered", "1.0.0", Map.of()));
        tampered = Zips.replace(tampered, "readme.txt", "changed after signing".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> altered = upload("tampered-1.0.0.jar", tampered);
        assertEquals(422, altered.statusCode(), altered.body());

        assertEquals(0, installedFeatures().size());
        assertEquals(List.of(), pluginLocations());
    }

    @Test
    @Order(2)
    void badFilesAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> corrupt = upload("broken.zip", "PK\u0003\u0004 this is no zip".getBytes(StandardCharsets.UTF_8));
        assertEquals(422, corrupt.statusCode(), corrupt.body());
        HttpResponse<String> notABundle = upload("plain.jar", signed(Zips.jar(Map.of("a.txt", new byte[] {1}))));
        assertEquals(422, notABundle.statusCode(), notABundle.body());
        String tooLarge = admin.announce("/api/plugins/uploads?name=huge.jar", 3 * 1024 * 1024);
        assertTrue(tooLarge.startsWith("HTTP/1.1 413"), "refused before the body is sent: " + tooLarge);
        HttpResponse<String> noName = admin.upload("/api/plugins/uploads?name=module.exe", new byte[] {1});
        assertEquals(400, noName.statusCode(), noName.body());
        assertTrue(noName.body().contains("\"field\":\"name\""), noName.body());
        assertEquals(List.of(), pluginLocations());
    }

    @Test
    @Order(3)
    void aSignedFeatureIsPlannedThenInstalledAndRecorded() throws Exception {
        HttpResponse<String> planned = upload("reports-1.0.0.zip", reportsFeature("1.0.0"));
        assertEquals(201, planned.statusCode(), planned.body());
        JsonNode plan = ConsoleSession.JSON.readTree(planned.body());
        assertEquals("INSTALL", plan.path("action").asText());
        assertEquals(2, plan.path("plan").path("install").size(), planned.body());
        assertTrue(plan.path("plan").path("install").get(0).path("trust").asText().contains("signed by CN=bureau"), planned.body());
        assertEquals(0, plan.path("plan").path("refresh").size(), "installing refreshes nothing: " + planned.body());
        assertEquals(List.of(), pluginLocations(), "planning touches nothing");

        long otherBundleId = console.bundle("org.opsconsole.system").getBundleId();
        long systemStarted = console.bundle("org.opsconsole.system").getLastModified();
        HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + plan.path("id").asText() + "/apply", Map.of());
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(List.of("plugin:org.example.reports.model", "plugin:org.example.reports.web"), pluginLocations());
        assertEquals(Bundle.ACTIVE, console.bundle("org.example.reports.web").getState());
        assertEquals(systemStarted, console.bundle("org.opsconsole.system").getLastModified(), "no refresh storm");
        assertEquals(otherBundleId, console.bundle("org.opsconsole.system").getBundleId());

        JsonNode features = installedFeatures();
        assertEquals(1, features.size(), features.toString());
        assertEquals("org.example:reports:json:1.0.0", features.get(0).path("id").asText());
        JsonNode change = admin.json("/api/plugins/changes").path("changes").get(0);
        assertEquals("APPLIED", change.path("outcome").asText());
        assertEquals("admin", change.path("actor").asText());
        assertEquals(64, change.path("artifacts").get(0).path("sha256").asText().length());
    }

    @Test
    @Order(4)
    void theSameFeatureTwiceAndIncompatibleOrUnresolvableOnesAreRefusedAtPlanTime() throws Exception {
        HttpResponse<String> again = upload("reports-1.0.0.zip", reportsFeature("1.0.0"));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("already installed"), again.body());

        byte[] futureApi = TestModules.feature(TestModules.featureJson("future", "1.0.0", "[9.0,10)", List.of(), "org.example.future"),
                Map.of("org.example.future-1.0.0.jar", signed(TestModules.bundle("org.example.future", "1.0.0", Map.of()))));
        HttpResponse<String> incompatible = upload("future-1.0.0.zip", futureApi);
        assertEquals(422, incompatible.statusCode(), incompatible.body());
        assertTrue(incompatible.body().contains("needs console API [9.0.0,10.0.0)") || incompatible.body().contains("[9.0,10)"),
                incompatible.body());
        assertTrue(incompatible.body().contains(api()), incompatible.body());

        HttpResponse<String> unresolvable = upload("needy-1.0.0.jar", signed(TestModules.bundle("org.example.needy", "1.0.0",
                Map.of("Import-Package", "org.example.nowhere;version=\"[2.0,3)\""))));
        assertEquals(422, unresolvable.statusCode(), unresolvable.body());
        assertTrue(unresolvable.body().contains("needs package org.example.nowhere version ≥ 2.0.0"), unresolvable.body());

        HttpResponse<String> conflicting = upload("rival-1.0.0.zip", TestModules.feature(
                TestModules.featureJson("rival", "1.0.0", null, List.of(), "org.example.reports.model"),
                Map.of("org.example.reports.model-1.0.0.jar", signed(TestModules.bundle("org.example.reports.model", "1.0.0", Map.of())))));
        assertEquals(422, conflicting.statusCode(), conflicting.body());
        assertTrue(conflicting.body().contains("already belongs to the installed feature org.example:reports"), conflicting.body());
        assertEquals(1, installedFeatures().size());
    }

    @Test
    @Order(5)
    void aModuleWhoseActivatorThrowsIsRolledBack() throws Exception {
        byte[] boom = signed(TestModules.throwingBundle("org.example.boom", "1.0.0", folder.resolve("boom")));
        HttpResponse<String> planned = upload("boom-1.0.0.jar", boom);
        assertEquals(201, planned.statusCode(), planned.body());
        String id = ConsoleSession.JSON.readTree(planned.body()).path("id").asText();
        HttpResponse<String> failed = admin.post("/api/plugins/uploads/" + id + "/apply", Map.of());
        assertEquals(409, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("模块故障 boom") && failed.body().contains("rolled back"), failed.body());
        assertEquals(List.of("plugin:org.example.reports.model", "plugin:org.example.reports.web"), pluginLocations());
        JsonNode change = admin.json("/api/plugins/changes").path("changes").get(0);
        assertEquals("ROLLED_BACK", change.path("outcome").asText(), change.toString());
        assertEquals(1, installedFeatures().size());
    }

    @Test
    @Order(5)
    void aModuleWhoseComponentFailsToActivateIsRolledBack() throws Exception {
        byte[] broken = signed(TestModules.throwingComponentBundle("org.example.broken", "1.0.0", folder.resolve("broken")));
        HttpResponse<String> planned = upload("broken-1.0.0.jar", broken);
        assertEquals(201, planned.statusCode(), planned.body());
        String id = ConsoleSession.JSON.readTree(planned.body()).path("id").asText();
        HttpResponse<String> failed = admin.post("/api/plugins/uploads/" + id + "/apply", Map.of());
        assertEquals(409, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("组件故障 broken component") && failed.body().contains("failed to activate"), failed.body());
        assertEquals(List.of("plugin:org.example.reports.model", "plugin:org.example.reports.web"), pluginLocations());
        assertEquals(1, installedFeatures().size());
    }

    @Test
    @Order(5)
    void aModuleWhoseMigrationFailsIsRolledBack() throws Exception {
        byte[] bad = signed(TestModules.bundle("org.example.ledger", "1.0.0",
                Map.of("Opsconsole-Migrations", "db/migration",
                        "Require-Capability", "osgi.extender;filter:=\"(osgi.extender=opsconsole.migrations)\""),
                Map.of("db/migration/V1__ledger.sql", "create table ledger_entry (id bigint not null primary key);\nthis is not sql;\n"
                        .getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> planned = upload("ledger-1.0.0.jar", bad);
        assertEquals(201, planned.statusCode(), planned.body());
        String id = ConsoleSession.JSON.readTree(planned.body()).path("id").asText();
        HttpResponse<String> failed = admin.post("/api/plugins/uploads/" + id + "/apply", Map.of());
        assertEquals(409, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("migration") && failed.body().contains("rolled back"), failed.body());
        assertEquals(List.of("plugin:org.example.reports.model", "plugin:org.example.reports.web"), pluginLocations());
        assertEquals(1, installedFeatures().size());
    }

    @Test
    @Order(6)
    void anUpdateIsPlannedWithTheVersionsAndRevertGoesBack() throws Exception {
        HttpResponse<String> planned = upload("reports-2.0.0.zip", reportsFeature("2.0.0"));
        assertEquals(201, planned.statusCode(), planned.body());
        JsonNode prepared = ConsoleSession.JSON.readTree(planned.body());
        assertEquals("UPDATE", prepared.path("action").asText());
        assertEquals("1.0.0", prepared.path("plan").path("update").get(0).path("previousVersion").asText(), planned.body());
        HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + prepared.path("id").asText() + "/apply", Map.of());
        assertEquals(200, applied.statusCode(), applied.body());
        long updateChange = ConsoleSession.JSON.readTree(applied.body()).path("change").asLong();
        assertEquals("2.0.0", console.bundle("org.example.reports.model").getVersion().toString());
        assertEquals(Bundle.ACTIVE, console.bundle("org.example.reports.web").getState());

        HttpResponse<String> dryRun = admin.post("/api/plugins/changes/" + updateChange + "/revert?dryRun=true", Map.of());
        assertEquals(200, dryRun.statusCode(), dryRun.body());
        assertEquals("2.0.0", console.bundle("org.example.reports.model").getVersion().toString(), "a dry run changes nothing");
        HttpResponse<String> reverted = admin.post("/api/plugins/changes/" + updateChange + "/revert", Map.of());
        assertEquals(200, reverted.statusCode(), reverted.body());
        assertEquals("1.0.0", console.bundle("org.example.reports.model").getVersion().toString());
        assertEquals(Bundle.ACTIVE, console.bundle("org.example.reports.web").getState());
        assertEquals("org.example:reports:json:1.0.0", installedFeatures().get(0).path("id").asText());
    }

    @Test
    @Order(7)
    void aFeatureOthersNeedCannotBeRemoved() throws Exception {
        byte[] addon = TestModules.feature(TestModules.featureJson("addon", "1.0.0", null, List.of("org.example:reports:json:1.0.0"),
                "org.example.addon"), Map.of("org.example.addon-1.0.0.jar", signed(TestModules.bundle("org.example.addon", "1.0.0",
                        Map.of("Import-Package", "org.example.reports.model")))));
        HttpResponse<String> planned = upload("addon-1.0.0.zip", addon);
        assertEquals(201, planned.statusCode(), planned.body());
        assertEquals(200, admin.post("/api/plugins/uploads/" + ConsoleSession.JSON.readTree(planned.body()).path("id").asText()
                + "/apply", Map.of()).statusCode());

        HttpResponse<String> refused = admin.delete("/api/plugins/features/org.example:reports");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("org.example:addon:json:1.0.0 needs"), refused.body());
        assertEquals(2, installedFeatures().size());

        assertEquals(200, admin.delete("/api/plugins/features/org.example:addon").statusCode());
        assertFalse(pluginLocations().contains("plugin:org.example.addon"));
    }

    @Test
    @Order(8)
    void theInstalledModulesComeBackAfterARestart() throws Exception {
        console.close();
        console = RunningConsole.start(Distribution.home(), data, env);
        admin = ConsoleSession.signIn(console.port, "admin", RunningConsole.CHANGED_PASSWORD, RunningConsole.CHANGED_PASSWORD);
        assertEquals(Bundle.ACTIVE, console.bundle("org.example.reports.web").getState());
        JsonNode features = installedFeatures();
        assertEquals(1, features.size(), features.toString());
        assertTrue(StreamSupport.stream(features.get(0).path("bundles").spliterator(), false)
                .allMatch(b -> b.path("state").asText().equals("ACTIVE")), features.toString());
    }

    @Test
    @Order(9)
    void removingAModuleKeepsTheRestRunning() throws Exception {
        HttpResponse<String> plan = admin.delete("/api/plugins/features/org.example:reports?dryRun=true");
        assertEquals(200, plan.statusCode(), plan.body());
        assertEquals(2, ConsoleSession.JSON.readTree(plan.body()).path("plan").path("remove").size(), plan.body());
        assertEquals(200, admin.delete("/api/plugins/features/org.example:reports").statusCode());
        assertEquals(List.of(), pluginLocations());
        assertEquals(0, installedFeatures().size());
        assertEquals(200, admin.get("/api/health").statusCode());
        JsonNode history = admin.json("/api/plugins/changes").path("changes");
        assertEquals("UNINSTALL", history.get(0).path("action").asText());
    }

    /** Puts a signed one-bundle feature org.example:<artifact>:1.0.0 into a repository folder in the Maven layout. */
    private static void publish(Path repository, String artifact) throws Exception {
        String bundle = "org.example." + artifact;
        Path json = repository.resolve("org/example/" + artifact + "/1.0.0/" + artifact + "-1.0.0.json");
        Files.createDirectories(json.getParent());
        Files.writeString(json, TestModules.featureJson(artifact, "1.0.0", "[1.0,2)", List.of(), bundle));
        Path jar = repository.resolve("org/example/" + bundle + "/1.0.0/" + bundle + "-1.0.0.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, signed(TestModules.bundle(bundle, "1.0.0", Map.of())));
    }

    @Test
    @Order(10)
    void aFeatureIsInstalledByIdFromAFolderOrAnHttpRepository() throws Exception {
        publish(folderRepository, "atlas");
        publish(httpRepository, "catalog");

        HttpResponse<String> missing = admin.post("/api/plugins/repository", Map.of("feature", "org.example:nowhere:1.0.0"));
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("\"field\":\"feature\""), missing.body());
        HttpResponse<String> malformed = admin.post("/api/plugins/repository", Map.of("feature", "not an id"));
        assertEquals(400, malformed.statusCode(), malformed.body());

        for (String artifact : List.of("atlas", "catalog")) {
            HttpResponse<String> planned = admin.post("/api/plugins/repository", Map.of("feature", "org.example:" + artifact + ":json:1.0.0"));
            assertEquals(201, planned.statusCode(), planned.body());
            JsonNode prepared = ConsoleSession.JSON.readTree(planned.body());
            assertTrue(prepared.path("feature").path("source").asText().startsWith("repository:"), planned.body());
            assertEquals("SIGNATURE", prepared.path("trust").get(0).path("basis").asText(), planned.body());
            assertEquals(200, admin.post("/api/plugins/uploads/" + prepared.path("id").asText() + "/apply", Map.of()).statusCode());
            assertEquals(Bundle.ACTIVE, console.bundle("org.example." + artifact).getState());
        }
        assertTrue(installedFeatures().toString().contains("repository:http://127.0.0.1"), installedFeatures().toString());
        assertEquals(200, admin.delete("/api/plugins/features/org.example:atlas").statusCode());
        assertEquals(200, admin.delete("/api/plugins/features/org.example:catalog").statusCode());
        assertEquals(List.of(), pluginLocations());
    }

    @Test
    @Order(11)
    void onlyTheSystemAdministratorChangesModules() throws Exception {
        ConsoleSession auditor = console.signIn("auditor");
        assertEquals(200, auditor.get("/api/plugins").statusCode(), "the auditor reads");
        assertEquals(403, auditor.upload("/api/plugins/uploads?name=x.jar", new byte[] {1}).statusCode());
        ConsoleSession secadmin = console.signIn("secadmin");
        assertEquals(403, secadmin.upload("/api/plugins/uploads?name=x.jar", new byte[] {1}).statusCode());
        assertEquals(403, secadmin.delete("/api/plugins/features/org.example:reports").statusCode());
        assertEquals(401, Distribution.get(console.port, "/api/plugins").statusCode());
    }
}
