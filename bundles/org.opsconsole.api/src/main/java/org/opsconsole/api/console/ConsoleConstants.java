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

    /**
     * EventAdmin topic of a live update for the browsers: the console's event stream passes it on as a
     * server-sent event named by {@link #CLIENT_EVENT_NAME} with {@link #CLIENT_EVENT_DATA} as its data, to
     * every signed-in client that matches {@link #CLIENT_EVENT_USERS}, {@link #CLIENT_EVENT_ROLES} and
     * {@link #CLIENT_EVENT_PERMISSION} (each optional; without users and roles it goes to everyone). Pages
     * listen with {@code onConsoleEvent(name, handler)} from {@code /js/opsconsole.js}.
     */
    public static final String TOPIC_CLIENT_EVENT = "opsconsole/console/CLIENT_EVENT";
    /** Property of a {@link #TOPIC_CLIENT_EVENT} event: the event's name, lower case, such as {@code inbox}. */
    public static final String CLIENT_EVENT_NAME = "name";
    /** Property of a {@link #TOPIC_CLIENT_EVENT} event: its data, a JSON text. */
    public static final String CLIENT_EVENT_DATA = "data";
    /** Property of a {@link #TOPIC_CLIENT_EVENT} event: the user names it is for ({@code String[]}). */
    public static final String CLIENT_EVENT_USERS = "users";
    /** Property of a {@link #TOPIC_CLIENT_EVENT} event: the roles it is for ({@code String[]}). */
    public static final String CLIENT_EVENT_ROLES = "roles";
    /** Property of a {@link #TOPIC_CLIENT_EVENT} event: a permission the receiving user must have. */
    public static final String CLIENT_EVENT_PERMISSION = "permission";

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
