package org.opsconsole.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The built-in roles keep duties apart (三员分立). */
class RoleTest {

    @Test
    void theSystemAdministratorRunsTheSystemButManagesNoUsersAndReadsNoAudit() {
        assertTrue(Role.SYSADMIN.allows("plugins.install"));
        assertTrue(Role.SYSADMIN.allows("backup.run"));
        assertFalse(Role.SYSADMIN.allows("security.user.write"));
        assertFalse(Role.SYSADMIN.allows("audit.read"));
    }

    @Test
    void theSecurityAdministratorManagesUsersButInstallsNothing() {
        assertTrue(Role.SECADMIN.allows("security.user.write"));
        assertTrue(Role.SECADMIN.allows("security.role.write"));
        assertFalse(Role.SECADMIN.allows("plugins.install"));
        assertFalse(Role.SECADMIN.allows("audit.read"));
    }

    @Test
    void theAuditorVerifiesTheAuditAndOnlyReadsElsewhere() {
        assertTrue(Role.AUDITOR.allows("audit.verify"));
        assertTrue(Role.AUDITOR.allows("backup.read"));
        assertTrue(Role.AUDITOR.allows("security.user.read"));
        assertFalse(Role.AUDITOR.allows("backup.run"));
        assertFalse(Role.AUDITOR.allows("security.user.write"));
    }

    @Test
    void anOperatorOperatesAndAViewerSeesReports() {
        assertTrue(Role.OPERATOR.allows("incidents.operate"));
        assertFalse(Role.OPERATOR.allows("plugins.install"));
        assertFalse(Role.OPERATOR.allows("security.user.read"));
        assertTrue(Role.VIEWER.allows("reports.read"));
        assertFalse(Role.VIEWER.allows("system.read"));
    }

    @Test
    void anExtraGrantAddsExactlyThatPermission() {
        assertTrue(Role.grants(Set.of(Role.VIEWER), Set.of("monitoring.read"), "monitoring.read"));
        assertFalse(Role.grants(Set.of(Role.VIEWER), Set.of("monitoring.read"), "monitoring.operate"));
    }
}
