package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.SettingField;

/** The kinds of backup targets as the target form shows them. */
class TargetKindTest {

    /** The shell shows the part of a hint before " / " in Chinese and the part after it in English. */
    @Test
    void everySettingHintIsChineseThenEnglish() {
        int hints = 0;
        for (TargetKind kind : TargetKind.values()) {
            for (SettingField field : kind.fields()) {
                if (field.hint().isEmpty()) {
                    continue;
                }
                String where = kind + "." + field.name() + ": " + field.hint();
                String hint = field.hint();
                int separator = hint.indexOf(" / ");
                assertTrue(separator > 0 && separator == hint.lastIndexOf(" / "), where);
                assertTrue(hasHan(hint.substring(0, separator)), where);
                String english = hint.substring(separator + 3);
                assertFalse(english.isBlank() || hasHan(english), where);
                hints++;
            }
        }
        assertEquals(5, hints);
    }

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
