package org.opsconsole.notify.channels.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;

/**
 * How a notification reads in a chat group or a mailbox, in Chinese like the console: a heading with the severity
 * word ({@code [严重] 标题}, marked {@value #TEST_MARK} for an operator's test message), the body, the link, the
 * sending module and the time in Beijing time. The chat robots limit a message's size in bytes, so the body is
 * shortened when the whole would not fit.
 */
final class MessageText {

    /** The mark of an operator's test message. */
    static final String TEST_MARK = "【测试消息】";

    /** The operators' time zone: times are shown as Beijing time. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

    private static final String SHORTENED = "……（内容过长，已截断）";

    private MessageText() {
    }

    /** @return 通知, 警告 or 严重 */
    static String severityWord(Severity severity) {
        return switch (severity) {
            case INFO -> "通知";
            case WARNING -> "警告";
            case CRITICAL -> "严重";
        };
    }

    /** @return {@code yyyy-MM-dd HH:mm:ss}, Beijing time */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** @return {@code [严重] title}, after {@value #TEST_MARK} for a test message */
    static String heading(OutgoingMessage message) {
        return (message.test() ? TEST_MARK : "") + "[" + severityWord(message.severity()) + "] " + message.title();
    }

    /** @return an e-mail's subject: {@code [严重] title}, after {@code [测试] } for a test message */
    static String subject(OutgoingMessage message) {
        return (message.test() ? "[测试] " : "") + "[" + severityWord(message.severity()) + "] " + message.title();
    }

    /**
     * The message as Markdown for the WeCom and DingTalk robots:
     *
     * <pre>
     * ### [严重] 标题
     *
     * 正文
     *
     * [查看详情](链接)
     *
     * 来源：monitoring　时间：2026-11-26 11:30:00
     * </pre>
     *
     * Empty parts are left out.
     *
     * @param maxBytes the most UTF-8 bytes the receiver takes; the body is shortened to fit
     */
    static String markdown(OutgoingMessage message, int maxBytes) {
        String head = "### " + heading(message) + "\n\n";
        String tail = message.link().map(link -> "[查看详情](" + link + ")\n\n").orElse("")
                + "来源：" + message.source() + "　时间：" + time(message.createdAt());
        String body = message.body().strip();
        return head + (body.isEmpty() ? "" : fit(body, maxBytes - utf8Length(head) - utf8Length(tail) - 2) + "\n\n") + tail;
    }

    /**
     * The message as plain text, for the Feishu robot and e-mail:
     *
     * <pre>
     * [严重] 标题
     * 正文
     *
     * 详情：链接
     * 来源：monitoring
     * 时间：2026-11-26 11:30:00（北京时间）
     * </pre>
     *
     * Empty parts are left out.
     *
     * @param maxBytes the most UTF-8 bytes the receiver takes; the body is shortened to fit
     */
    static String plain(OutgoingMessage message, int maxBytes) {
        String head = heading(message) + "\n";
        String tail = message.link().map(link -> "详情：" + link + "\n").orElse("")
                + "来源：" + message.source() + "\n"
                + "时间：" + time(message.createdAt()) + "（北京时间）";
        String body = message.body().strip();
        return head + (body.isEmpty() ? "" : fit(body, maxBytes - utf8Length(head) - utf8Length(tail) - 2) + "\n") + "\n" + tail;
    }

    /** @return the text, or as much of it as fits in the bytes followed by a note that it was shortened */
    static String fit(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        int room = Math.max(0, maxBytes - utf8Length(SHORTENED));
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            int size = utf8Length(new String(Character.toChars(codePoint)));
            if (used + size > room) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return kept + SHORTENED;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
