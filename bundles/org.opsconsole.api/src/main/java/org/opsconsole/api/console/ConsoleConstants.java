package org.opsconsole.api.console;

/**
 * Names shared between the console shell and the modules that contribute to it.
 */
public final class ConsoleConstants {

    /** The name of the console's servlet context, in which every module registers its servlets and resources. */
    public static final String CONTEXT_NAME = "opsconsole";

    /**
     * The whiteboard context selection filter for the console's servlet context; use it as the value of
     * {@code @HttpWhiteboardContextSelect} on servlets, filters and resources.
     */
    public static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";

    /** The implementation name the console shell provides and {@link ConsolePageService} requires. */
    public static final String CONSOLE_IMPLEMENTATION = "opsconsole.console";

    /** The version of the console contract the shell implements. */
    public static final String CONSOLE_SPECIFICATION_VERSION = "1.0.0";

    /** The EventAdmin topic posted when the set of console pages changed. */
    public static final String TOPIC_PAGES_CHANGED = "opsconsole/console/PAGES_CHANGED";

    /** Navigation group: overview and dashboards (概览). */
    public static final String GROUP_OVERVIEW = "overview";
    /** Navigation group: monitoring and alerts (监控告警). */
    public static final String GROUP_MONITORING = "monitoring";
    /** Navigation group: day-to-day operations, incidents, inspections, backups (运维服务). */
    public static final String GROUP_OPERATIONS = "operations";
    /** Navigation group: permission audit and security (权限与安全). */
    public static final String GROUP_SECURITY = "security";
    /** Navigation group: training and exams (培训考核). */
    public static final String GROUP_TRAINING = "training";
    /** Navigation group: reports (服务报告). */
    public static final String GROUP_REPORTS = "reports";
    /** Navigation group: the console's own administration (系统管理). */
    public static final String GROUP_SYSTEM = "system";

    private ConsoleConstants() {
    }
}
