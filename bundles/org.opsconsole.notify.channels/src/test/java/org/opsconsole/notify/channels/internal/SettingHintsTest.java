package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.SettingField;

/** The channels' settings as the channel form shows them. */
class SettingHintsTest {

    /** The shell shows the part of a hint before " / " in Chinese and the part after it in English. */
    @Test
    void everySettingHintIsChineseThenEnglish() {
        int hints = 0;
        for (NotificationChannel channel : List.of(new WebhookChannel(), new WeComChannel(), new EmailChannel(),
                new DingTalkChannel(), new FeishuChannel())) {
            for (SettingField field : channel.fields()) {
                if (field.hint().isEmpty()) {
                    continue;
                }
                String where = channel.getClass().getSimpleName() + "." + field.name() + ": " + field.hint();
                String hint = field.hint();
                int separator = hint.indexOf(" / ");
                assertTrue(separator > 0 && separator == hint.lastIndexOf(" / "), where);
                assertTrue(hasHan(hint.substring(0, separator)), where);
                // Chinese in the English part only as a quoted word the user must type as it is (DingTalk's keyword)
                String english = hint.substring(separator + 3).replaceAll("“[^”]*”", "");
                assertFalse(english.isBlank() || hasHan(english), where);
                hints++;
            }
        }
        assertEquals(14, hints);
    }

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
