package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.rest.Problem.FieldError;

/** What the probe tests share: targets, reading a result's samples, and a self-signed key made with keytool. */
final class TestTargets {

    private TestTargets() {
    }

    static ProbeTarget target(String kind, Map<String, String> settings) {
        return target(kind, settings, Duration.ofSeconds(5));
    }

    static ProbeTarget target(String kind, Map<String, String> settings, Duration timeout) {
        return new ProbeTarget(7, "测试目标", kind, settings, timeout, Map.of("env", "test"));
    }

    /** @return the value of the only sample of the metric without labels; fails when there is none or several */
    static double value(ProbeResult result, String metric) {
        return value(result, metric, Map.of());
    }

    /** @return the value of the only sample of the metric with exactly these labels */
    static double value(ProbeResult result, String metric, Map<String, String> labels) {
        List<Sample> found = result.samples().stream()
                .filter(s -> s.metric().equals(metric) && s.labels().equals(labels)).toList();
        assertEquals(1, found.size(), () -> metric + labels + " in " + result);
        return found.get(0).value();
    }

    /** @return the metrics of the result's samples, in order, repeats kept */
    static List<String> metrics(ProbeResult result) {
        return result.samples().stream().map(Sample::metric).toList();
    }

    /** @return the fields the errors name */
    static List<String> fields(List<FieldError> errors) {
        for (FieldError error : errors) {
            assertTrue(!error.message().isBlank() && !error.messageEn().isBlank(), error::toString);
        }
        return errors.stream().map(FieldError::field).toList();
    }

    /** Makes a PKCS12 key store with a self-signed RSA key for {@code localhost}, valid for the days given. */
    static Path selfSignedKeyStore(Path folder, int days) throws IOException, InterruptedException {
        Path keystore = folder.resolve("server.p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost,O=opsconsole test",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", Integer.toString(days), "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return keystore;
    }
}
