package org.opsconsole.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares what a servlet in the console's context requires; the core checks it before the servlet runs.
 * Every route needs a signed-in user unless it is {@link #open()}; reading ({@code GET}, {@code HEAD})
 * needs {@link #read()}, every other method needs {@link #write()} and a valid CSRF token. An empty
 * permission means any signed-in user. A servlet without this annotation is treated as
 * {@code @ConsoleRoute} with both empty.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConsoleRoute {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.route.";

    /** @return the permission reading needs; empty for any signed-in user */
    String read() default "";

    /** @return the permission changing needs; empty for any signed-in user */
    String write() default "";

    /** @return true for the few routes that anyone may use without signing in (login, health) */
    boolean open() default false;
}
