package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to deliver a stored message through a configured channel: finds the channel's kind, opens its settings,
 * makes the message's link absolute with the console's public address, and calls the kind's
 * {@link org.opsconsole.api.notify.NotificationChannel#deliver}. Used by the outbox worker and by an operator's test
 * message. Thread-safe.
 */
final class ChannelSender {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSender.class);

    /** The framework property with the console's public address, used to make console paths absolute. */
    static final String PUBLIC_URL_PROPERTY = "opsconsole.public.url";

    /** How an attempt ended. */
    sealed interface Outcome {

        /** The receiver took the message. */
        record Sent() implements Outcome {
        }

        /** The receiver did not take it, or the channel could not be used. */
        record Failed(String error, boolean permanent) implements Outcome {
        }

        /** The channel's kind is not installed: nothing was tried. */
        record KindMissing(String error) implements Outcome {
        }
    }

    private final ChannelKinds kinds;
    private final SecretBox secrets;
    private final String publicUrl;

    /**
     * @param publicUrl the console's address without a trailing slash, e.g. {@code https://ops.example.gov.cn}
     */
    ChannelSender(ChannelKinds kinds, SecretBox secrets, String publicUrl) {
        this.kinds = kinds;
        this.secrets = secrets;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    static String kindMissing(String type) {
        return "渠道类型“" + type + "”未安装（其组件包未运行），投递将在其安装后进行 / The channel kind '" + type
                + "' is not installed (its bundle is not running); the delivery waits for it";
    }

    /** Delivers a message through a channel, now, on this thread. */
    Outcome send(NotifyMessageRecord message, NotifyChannelRecord channel) {
        Optional<ChannelKinds.Kind> kind = kinds.kind(channel.getType());
        if (kind.isEmpty()) {
            return new Outcome.KindMissing(kindMissing(channel.getType()));
        }
        Map<String, String> settings;
        try {
            settings = SettingValues.parse(channel.getSettings()).open(secrets);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Outcome.Failed("渠道设置无法读取或解密，请重新填写密钥 / The channel's settings cannot be read or decrypted; "
                    + "enter its secrets again: " + e.getMessage(), true);
        }
        try {
            kind.get().channel().deliver(outgoing(message), settings);
            return new Outcome.Sent();
        } catch (DeliveryException e) {
            return new Outcome.Failed(describe(e), e.isPermanent());
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: the kind's bundle went away under it
            LOG.error("The notification channel kind '{}' of bundle {} failed delivering message {}: {}", channel.getType(),
                    kind.get().bundle(), message.getId(), describe(e), e);
            return new Outcome.Failed("渠道程序出错 / The channel failed: " + describe(e), false);
        }
    }

    /** @return the message as a channel gets it */
    OutgoingMessage outgoing(NotifyMessageRecord message) {
        Severity severity = Channels.severity(message.getSeverity()).orElse(Severity.INFO);
        return new OutgoingMessage(message.getId(), severity, message.getTitle(), message.getBody(),
                Optional.ofNullable(message.getLink()).filter(l -> !l.isBlank()).map(this::absolute), message.getSource(),
                message.getCreatedAt(), Boolean.TRUE.equals(message.getTest()));
    }

    /** A console path made absolute with the public address; an http(s) URL as it is. */
    String absolute(String link) {
        return link.startsWith("/") ? publicUrl + link : link;
    }

    String publicUrl() {
        return publicUrl;
    }

    /**
     * The console's public address: the framework property {@value #PUBLIC_URL_PROPERTY}; else
     * {@code http://<host name>:<org.osgi.service.http.port>}.
     */
    static String publicUrl(BundleContext context) {
        String configured = context.getProperty(PUBLIC_URL_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String port = context.getProperty("org.osgi.service.http.port");
        return "http://" + hostName() + (port == null || port.isBlank() || port.trim().equals("80") ? "" : ":" + port.trim());
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (IOException e) {
            LOG.debug("No host name: {}", e.getMessage());
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message.strip();
    }
}
