package org.opsconsole.security.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The built-in roles, which separate duties (三员分立): who runs the system, who manages who may do what,
 * and who audits both. A role grants permissions by patterns, in order; the first pattern that matches a
 * permission decides, and a pattern starting with {@code !} refuses it. {@code *} matches any part.
 * Modules name day-to-day actions {@code <module>.operate} and reading {@code <module>.read}.
 */
enum Role {

    /** Runs the system: modules, jobs, backups, settings. Cannot manage users or read the audit trail. */
    SYSADMIN("sysadmin", "系统管理员", "System administrator", "!security.*", "!audit.*", "*"),
    /** Manages users, roles and permissions. Cannot install modules or run operations. */
    SECADMIN("secadmin", "安全管理员", "Security administrator", "security.*", "system.read"),
    /** Reads and verifies the audit trail; reads everything else, changes nothing. */
    AUDITOR("auditor", "审计员", "Auditor", "audit.*", "!security.user.write", "!security.role.write", "*.read"),
    /** Day-to-day operations. */
    OPERATOR("operator", "运维人员", "Operator", "!security.*", "!audit.*", "!plugins.*", "*.read", "*.operate"),
    /** The bureau's finance sections: reports and dashboards. */
    VIEWER("viewer", "财政业务科室", "Finance section viewer", "reports.*", "overview.read");

    final String id;
    final String titleZh;
    final String titleEn;
    final List<String> patterns;

    Role(String id, String titleZh, String titleEn, String... patterns) {
        this.id = id;
        this.titleZh = titleZh;
        this.titleEn = titleEn;
        this.patterns = List.of(patterns);
    }

    static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /**
     * Whether roles with their extra grants give a permission: any role whose patterns (then its extra
     * grants, exact names) allow it.
     */
    static boolean grants(Collection<Role> roles, Collection<String> extraGrants, String permission) {
        if (extraGrants.contains(permission)) {
            return true;
        }
        for (Role role : roles) {
            if (role.allows(permission)) {
                return true;
            }
        }
        return false;
    }

    boolean allows(String permission) {
        for (String pattern : patterns) {
            boolean deny = pattern.startsWith("!");
            if (matches(deny ? pattern.substring(1) : pattern, permission)) {
                return !deny;
            }
        }
        return false;
    }

    /** Glob match where {@code *} stands for any characters. */
    static boolean matches(String pattern, String permission) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                .reduce((a, b) -> a + ".*" + b).orElse("");
        return permission.matches(regex);
    }
}
