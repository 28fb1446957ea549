package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.channels.internal.TestReceiver.MESSAGE;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Problem.FieldError;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** E-mail through GreenMail's SMTP server on a free port, which takes the login ops@example.gov.cn. */
class EmailChannelTest {

    private static final String PASSWORD = "Zj-Ops-2026!mail";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@example.gov.cn", PASSWORD));

    private final EmailChannel channel = new EmailChannel();

    private static Map<String, String> settings(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(MAIL.getSmtp().getPort()),
                "security", "none", "username", "ops@example.gov.cn", "password", PASSWORD,
                "from", "运维控制台 <ops@example.gov.cn>", "to", "zhangsan@example.gov.cn, lisi@example.gov.cn"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void theMailArrivesWithSubjectSenderRecipientsAndTheChineseBodyInUtf8() throws Exception {
        channel.deliver(MESSAGE, settings());

        assertTrue(MAIL.waitForIncomingEmail(5000, 2), "one mail for each of the two recipients");
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(2, received.length);
        MimeMessage mail = received[0];
        assertEquals("[严重] 数据库主库不可用", mail.getSubject());
        assertTrue(mail.getHeader("Subject")[0].toUpperCase(Locale.ROOT).startsWith("=?UTF-8?"), mail.getHeader("Subject")[0]);
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertEquals("ops@example.gov.cn", from.getAddress());
        assertEquals("运维控制台", from.getPersonal());
        assertEquals(List.of("zhangsan@example.gov.cn", "lisi@example.gov.cn"),
                Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList());
        assertTrue(mail.getContentType().toLowerCase(Locale.ROOT).matches("text/plain;\\s*charset=utf-8"), mail.getContentType());
        assertEquals("4711", mail.getHeader(EmailChannel.ID_HEADER)[0]);
        assertEquals("""
                [严重] 数据库主库不可用
                主库 10.0.3.21:3306 连续 3 次探测失败。
                已切换到只读模式。

                详情：https://ops.example.gov.cn/#/monitoring
                来源：monitoring
                时间：2026-11-26 11:30:00（北京时间）

                --\s
                此邮件由运维管理控制台（opsconsole）自动发送，请勿直接回复。""", ((String) mail.getContent()).replace("\r\n", "\n"));
    }

    @Test
    void aTestMessageIsMarkedInTheSubjectAndTheBody() throws Exception {
        OutgoingMessage test = new OutgoingMessage(9, Severity.INFO, "渠道测试", "", Optional.empty(), "notify",
                MESSAGE.createdAt(), true);

        channel.deliver(test, settings("to", "zhangsan@example.gov.cn"));

        assertTrue(MAIL.waitForIncomingEmail(5000, 1));
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertEquals("[测试] [通知] 渠道测试", mail.getSubject());
        assertTrue(((String) mail.getContent()).startsWith("【测试消息】[通知] 渠道测试"), (String) mail.getContent());
    }

    @Test
    void withoutUserNameTheMailIsSentWithoutLoggingIn() throws Exception {
        Map<String, String> settings = settings("to", "wangwu@example.gov.cn", "from", "ops@example.gov.cn");
        settings.remove("username");
        settings.remove("password");

        channel.deliver(MESSAGE, settings);

        assertTrue(MAIL.waitForIncomingEmail(5000, 1));
        assertEquals("ops@example.gov.cn", MAIL.getReceivedMessages()[0].getFrom()[0].toString());
    }

    @Test
    void aWrongPasswordIsPermanentAndNotRepeatedInTheMessage() {
        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, settings("password", "Wrong-Password-123")));

        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("用户名或密码"), failure.getMessage());
        assertFalse(failure.getMessage().contains("Wrong-Password-123"), failure.getMessage());
        assertEquals(0, MAIL.getReceivedMessages().length);
    }

    @Test
    void noServerListeningIsRetryable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, settings("port", Integer.toString(port))));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + port), failure.getMessage());
    }

    @Test
    void theCallersContextClassLoaderIsRestoredAfterSendingAndAfterFailing() {
        ClassLoader callers = new ClassLoader(null) {
        };
        Thread.currentThread().setContextClassLoader(callers);
        try {
            assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, settings("password", "Wrong-Password-123")));
            assertSame(callers, Thread.currentThread().getContextClassLoader());
        } finally {
            Thread.currentThread().setContextClassLoader(EmailChannelTest.class.getClassLoader());
        }
    }

    @Test
    void theSessionHasFifteenSecondTimeoutsAndTheChosenEncryption() {
        EmailChannel.Smtp smtp = new EmailChannel.Smtp("smtp.example.gov.cn", 465, EmailChannel.Security.SSL, "ops", "pw",
                EmailChannel.address("ops@example.gov.cn").orElseThrow(), List.of());
        Properties ssl = EmailChannel.properties(smtp);
        Properties starttls = EmailChannel.properties(new EmailChannel.Smtp("smtp.example.gov.cn", 587, EmailChannel.Security.STARTTLS,
                null, null, smtp.from(), List.of()));

        for (String timeout : List.of("mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout")) {
            assertEquals("15000", ssl.getProperty(timeout), timeout);
            assertEquals("15000", starttls.getProperty(timeout), timeout);
        }
        assertEquals("true", ssl.getProperty("mail.smtp.ssl.enable"));
        assertEquals("true", ssl.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("true", ssl.getProperty("mail.smtp.auth"));
        assertEquals("true", starttls.getProperty("mail.smtp.starttls.required"));
        assertEquals("false", starttls.getProperty("mail.smtp.auth"));
        assertEquals(null, starttls.getProperty("mail.smtp.ssl.enable"));
    }

    @Test
    void validSettingsPassIncludingAnAddressWithAChineseName() {
        assertEquals(List.of(), channel.validate(settings()));
        assertEquals(List.of(), channel.validate(settings("security", "SSL", "port", "")));
    }

    @Test
    void badAddressesAnUnknownSecurityModeAndABadPortAreRefused() {
        List<FieldError> errors = channel.validate(settings("from", "ops@", "to", "zhangsan@example.gov.cn, lisi@@example, wangwu",
                "security", "tls", "port", "70000", "host", "smtp://mail.example.gov.cn"));

        assertEquals(List.of("host", "port", "security", "from", "to"), errors.stream().map(FieldError::field).toList());
        FieldError to = errors.get(4);
        assertTrue(to.message().contains("lisi@@example") && to.message().contains("wangwu"), to.message());
        assertFalse(to.message().contains("zhangsan"), to.message());
        assertTrue(errors.stream().allMatch(error -> !error.message().isBlank() && !error.messageEn().isBlank()));
    }

    @Test
    void aUserNameNeedsAPasswordAndAPasswordAUserName() {
        Map<String, String> noPassword = settings();
        noPassword.remove("password");
        Map<String, String> noUser = settings();
        noUser.remove("username");

        assertEquals(List.of("password"), channel.validate(noPassword).stream().map(FieldError::field).toList());
        assertEquals(List.of("username"), channel.validate(noUser).stream().map(FieldError::field).toList());
    }

    @Test
    void settingsThatDoNotValidateFailPermanentlyWithoutConnecting() {
        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, settings("security", "tls")));

        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("security"), failure.getMessage());
    }
}
