package org.opsconsole.notify.channels.internal;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.NotificationChannelType;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mail over SMTP (电子邮件): each notification is one plain-text UTF-8 mail to the configured recipients, subject
 * {@code [严重] 标题} ({@code [测试] [通知] ...} for an operator's test message), body as {@link MessageText#plain}
 * with a closing line that says who sent it. The header {@value #ID_HEADER} carries the notification's id, the same
 * for every attempt.
 *
 * <p>The connection is encrypted as the settings say: {@code ssl} (TLS from the start, usually port 465),
 * {@code starttls} (plain, then upgraded, required; usually 587) or {@code none} (for a relay inside the bureau's
 * network, port 25); with TLS the server's certificate must be trusted by the Java runtime and name the host.
 * Connecting, each answer and each write may take at most {@value #TIMEOUT_SECONDS} s.
 *
 * <p>A refused login, an address the server refuses and any other 5xx answer are permanent failures; no connection,
 * a time-out and 4xx answers are retried.
 *
 * <p>Jakarta Mail and Eclipse Angus are embedded in this bundle (see {@code bundle.bnd}). They look for their
 * providers through the thread's context class loader first, which may see other copies of them (another bundle's),
 * so it is this bundle's class loader while a mail is built and sent, and the caller's again afterwards.
 */
@Component(service = NotificationChannel.class)
@NotificationChannelType(type = EmailChannel.TYPE, title = "电子邮件", titleEn = "E-mail over SMTP")
public class EmailChannel implements NotificationChannel {

    static final String TYPE = "email";

    static final int TIMEOUT_SECONDS = 15;

    /** The header with the notification's id. */
    static final String ID_HEADER = "X-Opsconsole-Notification";

    /** How addresses are separated in the {@code to} setting (as the core reads an {@code EMAILS} value). */
    private static final Pattern SEPARATOR = Pattern.compile("[,;\\s]+");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");

    private static final String FOOTER = "\n\n-- \n此邮件由运维管理控制台（opsconsole）自动发送，请勿直接回复。";

    /** How the connection to the SMTP server is encrypted. */
    enum Security {
        /** Not encrypted: only for a relay inside the network. */
        NONE(25),
        /** Plain at first, then upgraded to TLS with STARTTLS; refused if the server cannot. */
        STARTTLS(587),
        /** TLS from the start (SMTPS). */
        SSL(465);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        static Optional<Security> of(String setting) {
            return Arrays.stream(values()).filter(value -> value.name().equalsIgnoreCase(setting.strip())).findFirst();
        }
    }

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("host", "SMTP 服务器", "SMTP server", SettingField.Kind.TEXT, true,
                    "发信服务器的主机名或 IP，例如 smtp.exmail.qq.com 或单位内网邮件中继的地址"
                            + " / Host name or IP of the sending server, e.g. smtp.exmail.qq.com or the address of the internal mail relay"),
            new SettingField("port", "端口", "Port", SettingField.Kind.NUMBER, false,
                    "留空则按加密方式：ssl 为 465，starttls 为 587，none 为 25"
                            + " / Leave empty for the usual port of the security: 465 for ssl, 587 for starttls, 25 for none"),
            new SettingField("security", "加密方式", "Security", SettingField.Kind.TEXT, true,
                    "ssl（连接即加密，常用端口 465）、starttls（先明文再升级加密，常用端口 587）或 none（不加密，仅用于内网中继）"
                            + " / ssl (encrypted from the start, usually port 465), starttls (plain first, then upgraded to encryption,"
                            + " usually port 587) or none (no encryption, only for an internal relay)"),
            new SettingField("username", "用户名", "User name", SettingField.Kind.TEXT, false,
                    "服务器要求登录时填写，通常是完整的邮箱地址 / Fill in when the server requires a login; usually the full e-mail address"),
            new SettingField("password", "密码", "Password", SettingField.Kind.SECRET, false,
                    "邮箱密码，或邮箱服务商提供的客户端专用密码（授权码）"
                            + " / The mailbox password, or the client password (authorization code) the mail provider issues"),
            new SettingField("from", "发件人", "From", SettingField.Kind.TEXT, true,
                    "例如 运维控制台 <ops@example.gov.cn>；多数服务器要求与登录用户一致"
                            + " / e.g. Ops Console <ops@example.gov.cn>; most servers require it to match the login user"),
            new SettingField("to", "收件人", "To", SettingField.Kind.EMAILS, true,
                    "一个或多个邮箱地址，用逗号分隔 / One or more e-mail addresses, separated by commas"));

    /** The settings, read. */
    record Smtp(String host, int port, Security security, String username, String password, InternetAddress from,
            List<InternetAddress> to) {

        String server() {
            return host + ":" + port;
        }
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        return errors(settings);
    }

    private static List<FieldError> errors(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        if (!HOST.matcher(settings.getOrDefault("host", "").strip()).matches()) {
            errors.add(new FieldError("host", "须为主机名或 IP 地址，不带 smtp:// 或端口", "Must be a host name or IP address, without smtp:// or a port"));
        }
        String port = settings.getOrDefault("port", "").strip();
        if (!port.isEmpty() && port(port).isEmpty()) {
            errors.add(new FieldError("port", "须为 1 到 65535 之间的端口号", "Must be a port number from 1 to 65535"));
        }
        if (Security.of(settings.getOrDefault("security", "")).isEmpty()) {
            errors.add(new FieldError("security", "须为 ssl、starttls 或 none", "Must be ssl, starttls or none"));
        }
        boolean user = !settings.getOrDefault("username", "").isBlank();
        boolean password = !settings.getOrDefault("password", "").isEmpty();
        if (user && !password) {
            errors.add(new FieldError("password", "填写了用户名时也须填写密码", "A password is needed with the user name"));
        } else if (password && !user) {
            errors.add(new FieldError("username", "填写了密码时也须填写用户名", "A user name is needed with the password"));
        }
        if (address(settings.getOrDefault("from", "")).isEmpty()) {
            errors.add(new FieldError("from", "须为一个邮箱地址，可带名称，如 运维控制台 <ops@example.gov.cn>",
                    "Must be one e-mail address, optionally with a name, like Ops Console <ops@example.gov.cn>"));
        }
        List<String> wrong = SEPARATOR.splitAsStream(settings.getOrDefault("to", "").strip())
                .filter(to -> !to.isEmpty() && plainAddress(to).isEmpty()).toList();
        if (!wrong.isEmpty()) {
            errors.add(new FieldError("to", "不是有效的邮箱地址：" + String.join("，", wrong), "Not valid e-mail addresses: " + String.join(", ", wrong)));
        } else if (recipients(settings.getOrDefault("to", "")).isEmpty()) {
            errors.add(new FieldError("to", "至少填写一个收件人", "At least one recipient is needed"));
        }
        return errors;
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // Jakarta Mail and Activation look up their providers (ServiceLoader, META-INF/javamail.*, mailcap) through the
        // context class loader: this bundle's, where they are embedded
        thread.setContextClassLoader(EmailChannel.class.getClassLoader());
        try {
            send(message, read(settings));
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static void send(OutgoingMessage message, Smtp smtp) throws DeliveryException {
        try {
            Session session = Session.getInstance(properties(smtp));
            MimeMessage mail = mail(session, smtp, message);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                transport.sendMessage(mail, mail.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw failure(smtp, e);
        }
    }

    /** @return the session properties for the server: host, port, encryption, login, time-outs */
    static Properties properties(Smtp smtp) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", smtp.host());
        properties.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        properties.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        String millis = Integer.toString(TIMEOUT_SECONDS * 1000);
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        switch (smtp.security()) {
            case SSL -> {
                properties.setProperty("mail.smtp.ssl.enable", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case STARTTLS -> {
                properties.setProperty("mail.smtp.starttls.enable", "true");
                properties.setProperty("mail.smtp.starttls.required", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
                // a relay inside the network
            }
        }
        return properties;
    }

    private static MimeMessage mail(Session session, Smtp smtp, OutgoingMessage message) throws MessagingException {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(smtp.from());
        mail.setRecipients(Message.RecipientType.TO, smtp.to().toArray(new Address[0]));
        mail.setSubject(MessageText.subject(message), StandardCharsets.UTF_8.name());
        mail.setText(MessageText.plain(message, Integer.MAX_VALUE) + FOOTER, StandardCharsets.UTF_8.name());
        mail.setSentDate(new Date());
        mail.setHeader(ID_HEADER, Long.toString(message.id()));
        return mail;
    }

    /** @return the settings read, as {@link #validate} has checked them */
    private static Smtp read(Map<String, String> settings) throws DeliveryException {
        List<FieldError> errors = errors(settings);
        if (!errors.isEmpty()) {
            throw new DeliveryException("邮件设置有误：" + errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("；"))
                    + " / The e-mail settings are wrong: " + errors.stream().map(e -> e.field() + " " + e.messageEn()).collect(Collectors.joining("; ")),
                    true, null);
        }
        Security security = Security.of(settings.get("security")).orElseThrow();
        String port = settings.getOrDefault("port", "").strip();
        String username = settings.getOrDefault("username", "").strip();
        return new Smtp(settings.get("host").strip(), port.isEmpty() ? security.defaultPort : port(port).orElseThrow(), security,
                username.isEmpty() ? null : username, username.isEmpty() ? null : settings.get("password"),
                address(settings.get("from")).orElseThrow(), recipients(settings.get("to")));
    }

    private static DeliveryException failure(Smtp smtp, MessagingException e) {
        String said = clean(smtp, e);
        if (e instanceof AuthenticationFailedException) {
            return new DeliveryException("SMTP 服务器 " + smtp.server() + " 拒绝了用户名或密码：" + said + " / The SMTP server "
                    + smtp.server() + " refused the user name or password: " + said, true, e);
        }
        if (e instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                && sendFailed.getInvalidAddresses().length > 0) {
            String addresses = Arrays.stream(sendFailed.getInvalidAddresses()).map(Address::toString).collect(Collectors.joining(", "));
            return new DeliveryException("SMTP 服务器 " + smtp.server() + " 拒收这些收件人：" + addresses + "（" + said + "） / The SMTP server "
                    + smtp.server() + " refused these recipients: " + addresses + " (" + said + ")", true, e);
        }
        Optional<Integer> code = returnCode(e);
        if (code.isPresent()) {
            return new DeliveryException("SMTP 服务器 " + smtp.server() + " 拒绝发送（" + code.get() + "）：" + said + " / The SMTP server "
                    + smtp.server() + " refused the mail (" + code.get() + "): " + said, code.get() >= 500, e);
        }
        if (e instanceof MailConnectException || e.getCause() instanceof IOException) {
            return new DeliveryException("无法连接 SMTP 服务器 " + smtp.server() + "（" + smtp.security().name().toLowerCase(Locale.ROOT) + "）："
                    + said + " / Cannot connect to the SMTP server " + smtp.server() + ": " + said, false, e);
        }
        return new DeliveryException("邮件发送失败（" + smtp.server() + "）：" + said + " / Sending the mail through " + smtp.server()
                + " failed: " + said, false, e);
    }

    /** @return the SMTP reply code the server refused with, if it did */
    private static Optional<Integer> returnCode(MessagingException e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPSendFailedException failed) {
                return Optional.of(failed.getReturnCode());
            }
            if (next instanceof SMTPSenderFailedException failed) {
                return Optional.of(failed.getReturnCode());
            }
            if (next instanceof SMTPAddressFailedException failed) {
                return Optional.of(failed.getReturnCode());
            }
        }
        return Optional.empty();
    }

    /** @return the error's text, on one line, without the password */
    private static String clean(Smtp smtp, Exception e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && !text.contains(e.getCause().getMessage())) {
            text += ": " + e.getCause().getMessage();
        }
        if (smtp.password() != null && !smtp.password().isEmpty()) {
            text = text.replace(smtp.password(), WebhookClient.MASK);
        }
        return text.strip().replaceAll("\\s+", " ");
    }

    private static Optional<Integer> port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return one address, optionally with a name ({@code 运维控制台 <ops@example.gov.cn>}), the name encoded as UTF-8 */
    static Optional<InternetAddress> address(String text) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(text.strip(), true);
            if (parsed.length != 1 || plainAddress(parsed[0].getAddress()).isEmpty()) {
                return Optional.empty();
            }
            String name = parsed[0].getPersonal();
            return Optional.of(name == null || name.isBlank() ? parsed[0]
                    : new InternetAddress(parsed[0].getAddress(), name, StandardCharsets.UTF_8.name()));
        } catch (AddressException | UnsupportedEncodingException e) {
            return Optional.empty();
        }
    }

    /** @return a bare address such as {@code ops@example.gov.cn}, checked strictly, with a dotted domain */
    static Optional<InternetAddress> plainAddress(String text) {
        try {
            InternetAddress address = new InternetAddress(text.strip(), true);
            address.validate();
            String domain = address.getAddress().substring(address.getAddress().lastIndexOf('@') + 1);
            boolean bare = address.getPersonal() == null && address.getAddress().equals(text.strip());
            return bare && address.getAddress().indexOf('@') > 0 && domain.contains(".") && !domain.endsWith(".")
                    ? Optional.of(address) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static List<InternetAddress> recipients(String to) {
        return SEPARATOR.splitAsStream(to == null ? "" : to.strip()).filter(text -> !text.isEmpty())
                .map(EmailChannel::plainAddress).flatMap(Optional::stream).toList();
    }
}
