package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;

/** How notifications read; the channel tests check the whole texts. */
class MessageTextTest {

    @Test
    void eachSeverityHasItsChineseWordInTheSubject() {
        assertEquals("[通知] 备份完成", MessageText.subject(message(Severity.INFO, false)));
        assertEquals("[警告] 备份完成", MessageText.subject(message(Severity.WARNING, false)));
        assertEquals("[严重] 备份完成", MessageText.subject(message(Severity.CRITICAL, false)));
        assertEquals("[测试] [警告] 备份完成", MessageText.subject(message(Severity.WARNING, true)));
        assertEquals("【测试消息】[警告] 备份完成", MessageText.heading(message(Severity.WARNING, true)));
    }

    @Test
    void timesAreBeijingTimeWhateverTheDefaultZone() {
        assertEquals("2027-01-01 07:59:59", MessageText.time(Instant.parse("2026-12-31T23:59:59Z")));
    }

    @Test
    void aShortenedTextNeverSplitsACharacterAndFitsTheBytes() {
        String text = "告警😀".repeat(100);

        String fitted = MessageText.fit(text, 200);

        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= 200, fitted);
        assertTrue(fitted.endsWith("……（内容过长，已截断）"), fitted);
        String kept = fitted.substring(0, fitted.length() - "……（内容过长，已截断）".length());
        assertTrue(text.startsWith(kept), kept);
        assertTrue(!Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "no half of an emoji at the end: " + kept);
        assertEquals("短文本", MessageText.fit("短文本", 9));
    }

    @Test
    void aMessageWithoutBodyOrLinkLeavesThoseOut() {
        OutgoingMessage bare = new OutgoingMessage(1, Severity.INFO, "备份完成", "", Optional.empty(), "backups",
                Instant.parse("2026-11-26T03:30:00Z"), false);

        assertEquals("### [通知] 备份完成\n\n来源：backups　时间：2026-11-26 11:30:00", MessageText.markdown(bare, 4096));
        assertEquals("[通知] 备份完成\n\n来源：backups\n时间：2026-11-26 11:30:00（北京时间）", MessageText.plain(bare, 4096));
    }

    private static OutgoingMessage message(Severity severity, boolean test) {
        return new OutgoingMessage(1, severity, "备份完成", "全部 12 个数据库已备份。", Optional.empty(), "backups", Instant.EPOCH, test);
    }
}
