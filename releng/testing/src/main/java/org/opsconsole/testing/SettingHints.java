package org.opsconsole.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.opsconsole.api.notify.SettingField;

/**
 * Checks that settings' hints are written {@code 中文 / English}, the form the shell's {@code bilingual} splits: one
 * " / ", Chinese before it, English after it (Chinese there only as a quoted “…” word the user must type as it is).
 */
public final class SettingHints {

    private SettingHints() {
    }

    /**
     * Asserts that every non-empty hint of the fields is bilingual.
     *
     * @param owner what the fields belong to, for the failure message (a kind or a class name)
     * @param fields the settings
     * @return how many hints were checked, so that a test can tell it did not look at an empty list
     */
    public static int assertBilingual(String owner, List<SettingField> fields) {
        int checked = 0;
        for (SettingField field : fields) {
            String hint = field.hint();
            if (hint.isEmpty()) {
                continue;
            }
            String where = owner + "." + field.name() + ": " + hint;
            int separator = hint.indexOf(" / ");
            assertTrue(separator > 0 && separator == hint.lastIndexOf(" / "), where);
            assertTrue(hasHan(hint.substring(0, separator)), where);
            String english = hint.substring(separator + 3).replaceAll("“[^”]*”", "");
            assertFalse(english.isBlank() || hasHan(english), where);
            checked++;
        }
        return checked;
    }

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
