package org.opsconsole.api.monitoring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Declares a {@link Probe}'s service properties. Every property name starts with {@value #PREFIX_}. */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ProbeService {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.probe.";

    /** @return the kind's id: lower-case letters, digits and hyphens, unique in the console, for example {@code http} */
    String kind();

    /** @return the kind's name in Chinese, for example HTTP(S) 端点 */
    String title();

    /** @return the kind's name in English */
    String titleEn();
}
