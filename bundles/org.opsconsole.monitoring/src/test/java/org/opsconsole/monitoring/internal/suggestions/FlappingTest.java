package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** Targets going up and down: six changes in the hour is flapping, five is not, older ones do not count. */
class FlappingTest {

    private final TestSource source = new TestSource();

    private static List<Instant> every(Duration step, int count, Instant last) {
        List<Instant> times = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            times.add(last.minus(step.multipliedBy(i)));
        }
        return times;
    }

    private List<Suggestion> found() {
        return Flapping.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    @Test
    void sixChangesWithinTheHourIsFlapping() {
        Target portal = source.target(5, "portal");
        source.changes(portal, every(Duration.ofMinutes(10), 6, NOW.minus(Duration.ofMinutes(1))));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        Suggestion s = found.get(0);
        assertEquals("flapping:target:5", s.key());
        assertEquals(5L, s.targetId());
        assertEquals("WARNING", s.severity());
        assertEquals("目标 portal 频繁抖动：最近 1 小时内状态变化 6 次", s.title());
        assertEquals("Target portal is flapping: 6 up/down changes in the last hour", s.titleEn());
        assertEquals(6, s.evidence().get("changes"));
        assertEquals(6, ((List<?>) s.evidence().get("latestChanges")).size());
    }

    @Test
    void aTargetWithAnEnglishNameHasItInTheEnglishTextsAndTheEvidence() {
        Target portal = source.target(5, "非税平台前端", "Platform front end");
        source.changes(portal, every(Duration.ofMinutes(10), 6, NOW.minus(Duration.ofMinutes(1))));

        Suggestion s = found().get(0);

        assertEquals("目标 非税平台前端 频繁抖动：最近 1 小时内状态变化 6 次", s.title());
        assertEquals("Target Platform front end is flapping: 6 up/down changes in the last hour", s.titleEn());
        assertTrue(s.actionEn().startsWith("Check whether the network and the service of Platform front end are stable"), s.actionEn());
        assertTrue(s.action().startsWith("检查 非税平台前端 的网络"), s.action());
        assertEquals(List.of("非税平台前端", "Platform front end"), List.of(s.evidence().get("target"), s.evidence().get("targetEn")));
    }

    @Test
    void fiveChangesOrChangesBeforeTheHourAreNoFlapping() {
        source.changes(source.target(5, "portal"), every(Duration.ofMinutes(10), 5, NOW));
        // 12 changes, but only 5 of them within the hour
        source.changes(source.target(6, "pay"), every(Duration.ofMinutes(10), 12, NOW.minus(Duration.ofMinutes(20))));
        source.target(7, "quiet");

        assertEquals(List.of(), found());
    }

    @Test
    void theEvidenceListsOnlyTheLatestChanges() {
        source.changes(source.target(5, "portal"), every(Duration.ofMinutes(1), 50, NOW));

        Suggestion s = found().get(0);

        assertEquals(50, s.evidence().get("changes"));
        List<?> listed = (List<?>) s.evidence().get("latestChanges");
        assertEquals(Flapping.LISTED_CHANGES, listed.size());
        assertEquals(NOW.toString(), listed.get(listed.size() - 1));
    }
}
