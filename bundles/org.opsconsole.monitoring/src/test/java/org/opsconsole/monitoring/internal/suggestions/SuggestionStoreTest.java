package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;

/** Storing findings, listing, dismissing and restoring suggestions. On H2 and MySQL/MariaDB. */
class SuggestionStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");

    private TestDatabases.Target db;
    private final MutableClock clock = new MutableClock(T0);
    private SuggestionStore store;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private void open(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        store = new SuggestionStore(db.database(), clock);
    }

    private static Suggestion finding(String key, String severity, String title) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", Map.of("seriesId", 42, "labels", Map.of("mount", "/data")));
        evidence.put("slopeBytesPerDay", 2.25e9);
        evidence.put("latestChanges", List.of("2026-03-01T07:59:00Z"));
        return new Suggestion(key, key.substring(0, key.indexOf(':')), 7L, severity, title, title + " (en)",
                "清理 /data", "Clean up /data", evidence);
    }

    private StoredSuggestion byKey(String key) {
        return store.list(true, true).stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFindingIsStoredWithItsTextsAndEvidence(String kind) throws Exception {
        open(kind);
        store.replaceFound(List.of(finding("disk-full:series:42", "WARNING", "主机 app-01 挂载点 /data 预计约 3 天后写满")));

        List<StoredSuggestion> listed = store.list(false, false);

        assertEquals(1, listed.size());
        StoredSuggestion s = listed.get(0);
        assertEquals("disk-full:series:42", s.key());
        assertEquals("disk-full", s.kind());
        assertEquals(7L, s.targetId());
        assertEquals("WARNING", s.severity());
        assertEquals("主机 app-01 挂载点 /data 预计约 3 天后写满", s.title());
        assertEquals("Clean up /data", s.actionEn());
        assertEquals(Map.of("seriesId", 42, "labels", Map.of("mount", "/data")), s.evidence().get("series"));
        assertEquals(2.25e9, s.evidence().get("slopeBytesPerDay"));
        assertEquals(List.of("2026-03-01T07:59:00Z"), s.evidence().get("latestChanges"));
        assertTrue(s.active());
        assertEquals(T0, s.firstSeenAt());
        assertEquals(T0, s.lastSeenAt());
        assertFalse(s.dismissed());
        assertEquals(s, store.find(s.id()).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void findingAgainKeepsTheFirstTimeAndTheDismissalAndWhatIsNotFoundBecomesInactive(String kind) throws Exception {
        open(kind);
        store.replaceFound(List.of(finding("disk-full:series:42", "INFO", "约 12 天后写满"),
                finding("flapping:target:7", "WARNING", "频繁抖动")));
        long disk = byKey("disk-full:series:42").id();
        store.dismiss(disk, "zhang.wei", "下周扩容，已申请");

        clock.advance(Duration.ofHours(1));
        store.replaceFound(List.of(finding("disk-full:series:42", "WARNING", "约 6 天后写满"),
                finding("cert-expiry:series:9", "CRITICAL", "证书约 3 天后过期")));

        StoredSuggestion again = byKey("disk-full:series:42");
        assertEquals(disk, again.id());
        assertEquals(T0, again.firstSeenAt());
        assertEquals(T0.plus(Duration.ofHours(1)), again.lastSeenAt());
        assertEquals("WARNING", again.severity());
        assertEquals("约 6 天后写满", again.title());
        assertTrue(again.active());
        assertEquals("zhang.wei", again.dismissedBy());
        assertEquals("下周扩容，已申请", again.dismissedReason());
        assertEquals(T0, again.dismissedAt());
        StoredSuggestion gone = byKey("flapping:target:7");
        assertFalse(gone.active());
        assertEquals(T0, gone.lastSeenAt());
        assertEquals(List.of("cert-expiry:series:9"), store.list(false, false).stream().map(StoredSuggestion::key).toList());

        clock.advance(Duration.ofHours(1));
        store.replaceFound(List.of(finding("flapping:target:7", "WARNING", "又频繁抖动")));

        assertTrue(byKey("flapping:target:7").active(), "found again, active again");
        assertEquals(T0, byKey("flapping:target:7").firstSeenAt());
        assertFalse(byKey("cert-expiry:series:9").active());
        assertFalse(byKey("disk-full:series:42").active());

        store.replaceFound(List.of());
        assertEquals(List.of(), store.list(true, false));
        assertEquals(3, store.list(true, true).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theListShowsActiveFirstThenTheMostSevereThenTheNewestAndFiltersDismissedAndInactive(String kind)
            throws Exception {
        open(kind);
        store.replaceFound(List.of(finding("flapping:target:1", "WARNING", "old warning")));
        clock.advance(Duration.ofMinutes(5));
        store.replaceFound(List.of(finding("flapping:target:1", "WARNING", "old warning"),
                finding("disk-full:series:2", "INFO", "info"), finding("cert-expiry:series:3", "CRITICAL", "critical"),
                finding("flapping:target:4", "WARNING", "dismissed warning"),
                finding("latency-trend:series:5", "CRITICAL", "gone next time")));
        store.dismiss(byKey("flapping:target:4").id(), "li.na", "维护中");
        clock.advance(Duration.ofMinutes(5));
        store.replaceFound(List.of(finding("flapping:target:1", "WARNING", "old warning"),
                finding("disk-full:series:2", "INFO", "info"), finding("cert-expiry:series:3", "CRITICAL", "critical"),
                finding("flapping:target:4", "WARNING", "dismissed warning"),
                finding("memory-growth:series:6", "WARNING", "new warning")));

        assertEquals(List.of("critical", "new warning", "old warning", "info"),
                store.list(false, false).stream().map(StoredSuggestion::title).toList());
        assertEquals(List.of("critical", "new warning", "dismissed warning", "old warning", "info", "gone next time"),
                store.list(true, true).stream().map(StoredSuggestion::title).toList());
        assertEquals(List.of("critical", "new warning", "old warning", "info", "gone next time"),
                store.list(false, true).stream().map(StoredSuggestion::title).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDismissalNeedsAReasonOfAtMostFiveHundredCharactersAndCanBeUndone(String kind) throws Exception {
        open(kind);
        store.replaceFound(List.of(finding("disk-full:series:42", "WARNING", "写满")));
        long id = byKey("disk-full:series:42").id();

        assertThrows(IllegalArgumentException.class, () -> store.dismiss(id, "zhang.wei", null));
        assertThrows(IllegalArgumentException.class, () -> store.dismiss(id, "zhang.wei", "  "));
        assertThrows(IllegalArgumentException.class, () -> store.dismiss(id, "zhang.wei", "因".repeat(501)));
        assertThrows(IllegalArgumentException.class, () -> store.dismiss(id, "", "原因"));
        assertFalse(byKey("disk-full:series:42").dismissed(), "a refused dismissal changes nothing");
        assertThrows(NoSuchElementException.class, () -> store.dismiss(id + 1000, "zhang.wei", "原因"));
        assertThrows(NoSuchElementException.class, () -> store.restore(id + 1000));
        assertTrue(store.find(id + 1000).isEmpty());

        clock.advance(Duration.ofMinutes(3));
        StoredSuggestion dismissed = store.dismiss(id, "zhang.wei", "  " + "因".repeat(500) + " ");

        assertTrue(dismissed.dismissed());
        assertEquals("因".repeat(500), dismissed.dismissedReason());
        assertEquals("zhang.wei", dismissed.dismissedBy());
        assertEquals(T0.plus(Duration.ofMinutes(3)), dismissed.dismissedAt());
        assertEquals(List.of(), store.list(false, true));

        StoredSuggestion restored = store.restore(id);

        assertFalse(restored.dismissed());
        assertNull(restored.dismissedBy());
        assertNull(restored.dismissedReason());
        assertEquals(List.of(id), store.list(false, false).stream().map(StoredSuggestion::id).toList());
        assertEquals(restored, store.restore(id), "restoring again changes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void findingsWithOneKeyTwiceOrTooMuchEvidenceAreRefusedAndNothingIsStored(String kind) throws Exception {
        open(kind);
        Suggestion a = finding("disk-full:series:42", "WARNING", "a");
        Suggestion huge = new Suggestion("flapping:target:1", "flapping", 1L, "WARNING", "t", "t", "a", "a",
                Map.of("text", "x".repeat(SuggestionStore.MAX_EVIDENCE)));

        assertThrows(IllegalArgumentException.class, () -> store.replaceFound(List.of(a, a)));
        assertThrows(IllegalArgumentException.class, () -> store.replaceFound(List.of(a, huge)));
        assertEquals(List.of(), store.list(true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFillingDiskBecomesAStoredForecast(String kind) throws Exception {
        open(kind);
        TestSource source = new TestSource();
        Target app = source.target(1, "app-01");
        double gb = 1024.0 * 1024 * 1024;
        source.add(app, DiskFullForecast.SIZE, Map.of("mount", "/data"),
                TestSource.lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 100 * gb));
        source.add(app, DiskFullForecast.USED, Map.of("mount", "/data"),
                TestSource.lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (70 + 2 * h / 24) * gb));

        store.replaceFound(Analyzers.all(source, TestSource.NOW, Analyzers.Settings.DEFAULTS));

        StoredSuggestion s = store.list(false, false).get(0);
        assertEquals("主机 app-01 挂载点 /data 预计约 12 天后写满", s.title());
        assertEquals("Mount /data on app-01 will be full in about 12 days", s.titleEn());
        assertEquals("/data", ((Map<?, ?>) ((Map<?, ?>) s.evidence().get("series")).get("labels")).get("mount"));
        assertEquals(76.0 * gb, s.evidence().get("usedBytes"));
    }
}
