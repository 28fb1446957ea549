package org.opsconsole.api.notify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a {@link NotificationChannel}'s service properties. Every property name starts with
 * {@value #PREFIX_}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface NotificationChannelType {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.channel.";

    /** @return the kind's id, lower case, unique in the console, for example {@code dingtalk} */
    String type();

    /** @return the kind's name in Chinese, for example 钉钉机器人 */
    String title();

    /** @return the kind's name in English */
    String titleEn();
}
