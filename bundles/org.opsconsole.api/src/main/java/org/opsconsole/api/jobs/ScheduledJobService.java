package org.opsconsole.api.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a {@link ScheduledJob}'s service properties: its identity, titles, schedule and the permission
 * for running it now. Every property name starts with {@value #PREFIX_}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ScheduledJobService {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.job.";

    /** @return the job id, {@code <module>.<name>} in lower case, unique in the console */
    String id();

    /** @return the title in Chinese */
    String title();

    /** @return the title in English */
    String titleEn();

    /**
     * @return the schedule as a Quartz cron expression with seconds ({@code 0 0 2 * * ?} is every day at
     *         2:00), in the console's time zone
     */
    String cron();

    /** @return the permission needed to run the job now from the console; empty for the job module's operate permission */
    String permission() default "";
}
