package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.opsconsole.testing.SettingHints;

/** The kinds of backup targets as the target form shows them. */
class TargetKindTest {

    /** The shell shows the part of a hint before " / " in Chinese and the part after it in English. */
    @Test
    void everySettingHintIsChineseThenEnglish() {
        int hints = 0;
        for (TargetKind kind : TargetKind.values()) {
            hints += SettingHints.assertBilingual(kind.name(), kind.fields());
        }
        assertEquals(5, hints);
    }
}
