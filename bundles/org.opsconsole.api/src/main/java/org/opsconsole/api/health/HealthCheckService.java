package org.opsconsole.api.health;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** The service properties of a {@link HealthCheck}: its id and titles. */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HealthCheckService {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.health.";

    /** @return the check's id: the module's name, a dot, then lower-case letters, digits and hyphens ({@code hello.greetings}) */
    String id();

    /** @return what is checked, in Chinese */
    String title();

    /** @return what is checked, in English */
    String titleEn();
}
