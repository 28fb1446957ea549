package org.opsconsole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {

    @TempDir
    Path home;

    @Test
    void theCommandLineBeatsTheEnvironmentWhichBeatsTheFile() throws Exception {
        conf("opsconsole.port = 7000\nopsconsole.log.level = WARN\nopsconsole.features = a:b:json:1, c:d:json:2\n");

        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "9000"},
                Map.of("OPSCONSOLE_PORT", "8000", "OPSCONSOLE_LOG_LEVEL", "debug"), home);

        assertEquals(9000, options.port());
        assertEquals("DEBUG", options.logLevel());
        assertEquals(List.of("a:b:json:1", "c:d:json:2"), options.features());
        assertEquals("9000", options.properties().get("opsconsole.port"));
    }

    @Test
    void theDataFolderIsRelativeToTheInstallationAndAnOptionMayUseEquals() throws Exception {
        assertEquals(home.resolve("data").toAbsolutePath(), LaunchOptions.parse(new String[0], Map.of(), home).data());
        Path elsewhere = home.resolve("elsewhere");
        assertEquals(elsewhere, LaunchOptions.parse(new String[] {"--data=" + elsewhere}, Map.of(), home).data());
    }

    @Test
    void everySettingIsPassedOnWithHomeDataAndVersion() throws Exception {
        conf("org.apache.felix.http.jetty.sendServerHeader = false\n");

        Map<String, String> properties = LaunchOptions.parse(new String[0], Map.of(), home).properties();

        assertEquals("false", properties.get("org.apache.felix.http.jetty.sendServerHeader"));
        assertEquals(home.toAbsolutePath().toString(), properties.get("opsconsole.home"));
        assertTrue(properties.containsKey("opsconsole.data"));
        assertTrue(properties.containsKey("opsconsole.version"));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertEquals("port must be a number from 1 to 65535, not '0'", refused("--port", "0"));
        assertEquals("port must be a number from 1 to 65535, not 'http'", refused("--port", "http"));
        assertEquals("option --port needs a value", refused("--port"));
        assertEquals("option --data needs a value", refused("--data", "--port", "80"));
        assertEquals("unknown option '--verbose'", refused("--verbose"));
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(new String[0], Map.of("OPSCONSOLE_LOG_LEVEL", "loud"), home));
        assertTrue(level.getMessage().contains("opsconsole.log.level"));
    }

    private String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(args, Map.of(), home)).getMessage();
    }

    private void conf(String text) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/opsconsole.properties"), text);
    }
}
