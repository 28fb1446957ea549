package org.opsconsole.api.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** The service properties of a {@link ReportSection}: its id, titles and place in a report. */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ReportSectionService {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.report.section.";

    /** @return the section's id: the module's name, a dot, then lower-case letters, digits and hyphens ({@code monitoring.alerts}) */
    String id();

    /** @return the section's heading, in Chinese */
    String title();

    /** @return the section's heading, in English */
    String titleEn();

    /** @return where the section goes in a report: lower first, then by id */
    int order() default 100;
}
