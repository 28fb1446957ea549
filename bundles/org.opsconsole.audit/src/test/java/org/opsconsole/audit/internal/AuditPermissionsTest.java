package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.security.PermissionDefinition;

class AuditPermissionsTest {

    @Test
    void readingAndVerifyingAreDeclaredInBothLanguagesAndNothingElse() {
        assertEquals(List.of(new PermissionDefinition("audit.read", "查看审计日志", "Read the audit trail"),
                new PermissionDefinition("audit.verify", "校验审计日志完整性", "Verify the audit trail")),
                new AuditPermissions().permissions());
    }
}
