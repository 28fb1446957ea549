package org.opsconsole.backups.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which complete backups of a target a retention policy keeps (as restic's {@code forget}): the newest {@code last};
 * the newest of each of the last {@code daily} days that have a backup, of the last {@code weekly} ISO weeks and of the
 * last {@code monthly} months; and always the newest verified backup and the newest backup of all, whatever the policy
 * says. Days, weeks and months are the console's time zone's.
 *
 * @param last the newest backups kept
 * @param daily the days kept
 * @param weekly the weeks kept
 * @param monthly the months kept
 */
public record Retention(int last, int daily, int weekly, int monthly) {

    /**
     * A complete backup as the policy sees it.
     *
     * @param id its id
     * @param completedAt when it completed
     * @param verified whether its last verification passed
     */
    public record Candidate(String id, Instant completedAt, boolean verified) {
    }

    /**
     * @param backups a target's complete backups, in any order
     * @param zone the console's time zone
     * @return the ids of the backups to keep; every other one may be pruned
     */
    public Set<String> keep(List<Candidate> backups, ZoneId zone) {
        List<Candidate> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Candidate::completedAt).reversed().thenComparing(Candidate::id));
        Set<String> keep = new HashSet<>();
        newestFirst.stream().limit(Math.max(0, last)).forEach(b -> keep.add(b.id()));
        keepNewestPer(newestFirst, daily, b -> LocalDate.ofInstant(b.completedAt(), zone), keep);
        keepNewestPer(newestFirst, weekly, b -> {
            LocalDate day = LocalDate.ofInstant(b.completedAt(), zone);
            return day.get(IsoFields.WEEK_BASED_YEAR) * 100 + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, keep);
        keepNewestPer(newestFirst, monthly, b -> {
            LocalDate day = LocalDate.ofInstant(b.completedAt(), zone);
            return day.getYear() * 100 + day.getMonthValue();
        }, keep);
        newestFirst.stream().filter(Candidate::verified).findFirst().ifPresent(b -> keep.add(b.id()));
        if (!newestFirst.isEmpty()) {
            keep.add(newestFirst.get(0).id());
        }
        return keep;
    }

    private static void keepNewestPer(List<Candidate> newestFirst, int periods, Function<Candidate, Object> period, Set<String> keep) {
        Map<Object, Candidate> newestOfPeriod = new LinkedHashMap<>();
        for (Candidate backup : newestFirst) {
            if (newestOfPeriod.size() >= periods && !newestOfPeriod.containsKey(period.apply(backup))) {
                break;
            }
            newestOfPeriod.putIfAbsent(period.apply(backup), backup);
        }
        newestOfPeriod.values().forEach(b -> keep.add(b.id()));
    }
}
