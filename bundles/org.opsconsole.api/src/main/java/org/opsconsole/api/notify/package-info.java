/**
 * Notifications: a module sends a notification (severity, title, body, link, audience) through
 * {@link org.opsconsole.api.notify.Notifier}; the core keeps it in a durable outbox and delivers it to the
 * users' in-console inbox and through every configured channel (e-mail, webhooks, WeCom, DingTalk, Feishu
 * ...), retrying with backoff across restarts. A new kind of channel is a
 * {@link org.opsconsole.api.notify.NotificationChannel} service.
 */
@Export
@Version("1.1.0")
package org.opsconsole.api.notify;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
