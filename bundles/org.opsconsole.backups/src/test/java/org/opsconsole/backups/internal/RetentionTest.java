package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The retention policy, as restic's keep-last, keep-daily, keep-weekly and keep-monthly. */
class RetentionTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** Two backups a day (02:00 and 14:00 Shanghai time) from 2025-01-01 for 70 days. */
    private static List<Retention.Candidate> twiceADay() {
        List<Retention.Candidate> backups = new ArrayList<>();
        Instant start = Instant.parse("2024-12-31T18:00:00Z"); // 2025-01-01 02:00 in Shanghai
        for (int i = 0; i < 140; i++) {
            Instant at = start.plusSeconds(i * 12L * 3600);
            backups.add(new Retention.Candidate("b" + i, at, false));
        }
        return backups;
    }

    @Test
    void keepsTheNewestOfEachOfTheLastDaysWeeksAndMonths() {
        Set<String> keep = new Retention(0, 3, 2, 2).keep(twiceADay(), SHANGHAI);
        // days: the newest of 03-11, 03-10, 03-09 (b139, b137, b135); weeks: the newest of this ISO week (b139) and of
        // the week before (ending Sunday 03-09: b135); months: March (b139) and February (the 14:00 one of 02-28: b117)
        assertEquals(Set.of("b139", "b137", "b135", "b117"), keep);
    }

    @Test
    void keepsTheLastAndAlwaysTheNewestVerifiedAndTheNewest() {
        List<Retention.Candidate> backups = new ArrayList<>(twiceADay());
        backups.set(10, new Retention.Candidate("b10", backups.get(10).completedAt(), true));
        backups.set(20, new Retention.Candidate("b20", backups.get(20).completedAt(), true));
        assertEquals(Set.of("b139", "b138", "b20"), new Retention(2, 0, 0, 0).keep(backups, SHANGHAI));
        assertEquals(Set.of("b139", "b20"), new Retention(0, 0, 0, 0).keep(backups, SHANGHAI), "the newest is never pruned");
        assertEquals(Set.of(), new Retention(3, 3, 3, 3).keep(List.of(), SHANGHAI));
    }

    @Test
    void daysAreTheConsolesTimeZones() {
        // 2025-03-01 23:30 and 2025-03-02 00:30 in Shanghai: two days there, one day in UTC
        List<Retention.Candidate> backups = List.of(new Retention.Candidate("late", Instant.parse("2025-03-01T15:30:00Z"), false),
                new Retention.Candidate("early", Instant.parse("2025-03-01T16:30:00Z"), false));
        assertEquals(Set.of("late", "early"), new Retention(0, 2, 0, 0).keep(backups, SHANGHAI));
        assertEquals(Set.of("early"), new Retention(0, 2, 0, 0).keep(backups, ZoneId.of("UTC")));
    }
}
