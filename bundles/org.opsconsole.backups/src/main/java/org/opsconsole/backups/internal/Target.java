package org.opsconsole.backups.internal;

import java.time.Instant;

import org.opsconsole.api.notify.SettingValues;

/**
 * What is backed up (备份对象), as stored.
 *
 * @param id its id
 * @param name its name, unique
 * @param nameEn its name in English, unique; null for none (the English UI then shows {@code name})
 * @param kind what it is
 * @param settings the kind's settings, secrets sealed
 * @param schedule when it is backed up (a Quartz cron expression with seconds), or null for by hand only
 * @param retention which backups are kept
 * @param expectHours the dead-man's switch: an alert when no backup completed for this long; null for none
 * @param upgrade whether it is backed up before a module change (console) or in the platform's pre-upgrade backup
 * @param enabled whether its schedule runs
 * @param overdueAt when the dead-man's switch last raised its alert; null when not overdue
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Target(long id, String name, String nameEn, TargetKind kind, SettingValues settings, String schedule, Retention retention,
        Integer expectHours, boolean upgrade, boolean enabled, Instant overdueAt, Instant createdAt, Instant updatedAt) {

    /** @return its name in English, or its one name when it has no English one */
    public String englishName() {
        return nameEn == null ? name : nameEn;
    }
}
