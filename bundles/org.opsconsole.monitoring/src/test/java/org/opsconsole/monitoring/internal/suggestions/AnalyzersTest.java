package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.lastFor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.Analyzers.Settings;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** Every kind at once, and the settings' checks. */
class AnalyzersTest {

    @Test
    void allRunsEveryKindOverOneSource() {
        TestSource source = new TestSource();
        Target app = source.target(1, "app-01");
        source.add(app, DiskFullForecast.SIZE, Map.of("mount", "/data"),
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 100));
        source.add(app, DiskFullForecast.USED, Map.of("mount", "/data"),
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 40 + 10 * h / 24));
        source.add(app, CertificateExpiry.METRIC, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(30), h -> 10));
        source.add(app, LatencyTrend.HTTP, Map.of(), lastFor(Duration.ofDays(7), Duration.ofHours(1), h -> 100 + h * 2));
        source.add(app, ConnectionsNearLimit.RATIO, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(5), h -> 0.9));
        source.add(app, MemoryGrowth.HOST, Map.of(), lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 0.5 + 0.1 * h / 24));
        source.changes(app, List.of(NOW.minusSeconds(600), NOW.minusSeconds(500), NOW.minusSeconds(400),
                NOW.minusSeconds(300), NOW.minusSeconds(200), NOW.minusSeconds(100)));

        List<Suggestion> found = Analyzers.all(source, NOW, Settings.DEFAULTS);

        assertEquals(List.of("disk-full", "cert-expiry", "latency-trend", "connections-near-limit", "memory-growth",
                "flapping"), found.stream().map(Suggestion::kind).toList());
    }

    @Test
    void anEmptySourceHasNothingToSuggest() {
        assertEquals(List.of(), Analyzers.all(new TestSource(), Instant.now(), Settings.DEFAULTS));
    }

    @Test
    void settingsRefuseNonPositiveWindowsAndCriticalLevelsBeforeTheWarningOnes() {
        Settings d = Settings.DEFAULTS;
        assertThrows(IllegalArgumentException.class, () -> new Settings(Duration.ZERO, d.minSpan(), d.minPoints(),
                d.diskHorizon(), d.diskWarning(), d.diskCritical(), d.latestWithin(), d.certWarningDays(),
                d.certCriticalDays(), d.latencyWindow(), d.latencyMinSpan(), d.latencyMinR2(), d.latencyMinRise(),
                d.httpLatencyLimitMs(), d.dbQueryLimitMs(), d.connectionsWindow(), d.connectionsWarning(),
                d.connectionsCritical(), d.memoryWindow(), d.memoryMinSpan(), d.memoryMinR2(), d.memoryHorizon(),
                d.flappingWindow(), d.flappingChanges()));
        assertThrows(IllegalArgumentException.class, () -> new Settings(d.forecastWindow(), d.minSpan(), d.minPoints(),
                d.diskHorizon(), d.diskWarning(), d.diskCritical(), d.latestWithin(), d.certWarningDays(),
                d.certCriticalDays(), d.latencyWindow(), d.latencyMinSpan(), d.latencyMinR2(), d.latencyMinRise(),
                d.httpLatencyLimitMs(), d.dbQueryLimitMs(), d.connectionsWindow(), 0.96, 0.95, d.memoryWindow(),
                d.memoryMinSpan(), d.memoryMinR2(), d.memoryHorizon(), d.flappingWindow(), d.flappingChanges()));
        assertThrows(IllegalArgumentException.class, () -> new Settings(d.forecastWindow(), d.minSpan(), 1,
                d.diskHorizon(), d.diskWarning(), d.diskCritical(), d.latestWithin(), d.certWarningDays(),
                d.certCriticalDays(), d.latencyWindow(), d.latencyMinSpan(), d.latencyMinR2(), d.latencyMinRise(),
                d.httpLatencyLimitMs(), d.dbQueryLimitMs(), d.connectionsWindow(), d.connectionsWarning(),
                d.connectionsCritical(), d.memoryWindow(), d.memoryMinSpan(), d.memoryMinR2(), d.memoryHorizon(),
                d.flappingWindow(), d.flappingChanges()));
    }

    @Test
    void aSuggestionRefusesAnUnknownSeverityAndCutsOverlongTexts() {
        assertThrows(IllegalArgumentException.class,
                () -> new Suggestion("k", "disk-full", null, "SEVERE", "t", "t", "a", "a", Map.of()));
        Suggestion s = new Suggestion("k", "disk-full", null, "INFO", "长".repeat(400), "t", "a".repeat(1200), "a", Map.of());
        assertEquals(Suggestion.MAX_TITLE, s.title().length());
        assertEquals(Suggestion.MAX_ACTION, s.action().length());
    }
}
