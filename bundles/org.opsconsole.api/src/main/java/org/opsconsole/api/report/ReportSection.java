package org.opsconsole.api.report;

import java.util.Locale;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's section of the periodic service reports, registered as a service with {@link ReportSectionService}:
 *
 * <pre>
 * &#64;Component
 * &#64;ReportSectionService(id = "hello.greetings", title = "问候", titleEn = "Greetings", order = 500)
 * public class GreetingsSection implements ReportSection {
 *     public ReportContent write(ReportPeriod period, Locale locale) {
 *         boolean zh = ReportContent.chinese(locale);
 *         return new ReportContent(List.of(new ReportContent.Figures(List.of(
 *                 new ReportContent.Figure(zh ? "问候" : "Greetings", count(period))))));
 *     }
 * }
 * </pre>
 *
 * A section reads what it stores and changes nothing; it may take a few seconds for a long period. An exception it
 * throws leaves the section out of the report, with the reason, and the rest of the report is written.
 */
@ConsumerType
public interface ReportSection {

    /**
     * @param period the report's period and time zone
     * @param locale the report's language: Chinese ({@code zh-CN}) or English
     * @return the section's content for the period, in that language
     */
    ReportContent write(ReportPeriod period, Locale locale);
}
