package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.testing.SettingHints;

/** The channels' settings as the channel form shows them. */
class SettingHintsTest {

    /** The shell shows the part of a hint before " / " in Chinese and the part after it in English. */
    @Test
    void everySettingHintIsChineseThenEnglish() {
        int hints = 0;
        for (NotificationChannel channel : List.of(new WebhookChannel(), new WeComChannel(), new EmailChannel(),
                new DingTalkChannel(), new FeishuChannel())) {
            hints += SettingHints.assertBilingual(channel.getClass().getSimpleName(), channel.fields());
        }
        assertEquals(14, hints);
    }
}
