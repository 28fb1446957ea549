package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults that work in the background: the filling disk and the failed-login burst. On H2. */
class FaultEffectsTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path folder;
    private TestSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = TestSandbox.on("h2", folder);
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
    }

    @Test
    void theDiskFillFileGrowsToTheSetSizeShrinksWhenLoweredAndIsRemovedWhenSwitchedOff() throws Exception {
        DiskFill fill = new DiskFill(sandbox.faults, folder.resolve(DiskFill.FILE), 0);
        fill.tick();
        assertFalse(Files.exists(fill.file()), "off: no file");

        sandbox.faults.set(Fault.DISK_FILL, true, 20, "zhang.wei", "x");
        fill.tick();
        long first = Files.size(fill.file());
        fill.tick();
        long second = Files.size(fill.file());
        fill.tick();
        long bounded = Files.size(fill.file());
        sandbox.faults.set(Fault.DISK_FILL, null, 3, "zhang.wei", "x");
        fill.tick();
        long lowered = Files.size(fill.file());
        sandbox.faults.set(Fault.DISK_FILL, false, null, "zhang.wei", "x");
        fill.tick();

        assertEquals(DiskFill.STEP_MB * MB, first);
        assertEquals(20 * MB, second);
        assertEquals(20 * MB, bounded);
        assertEquals(3 * MB, lowered);
        assertFalse(Files.exists(fill.file()));
    }

    @Test
    void theDiskFillNeverEatsTheReserve() throws Exception {
        long free = Files.getFileStore(folder).getUsableSpace();
        DiskFill fill = new DiskFill(sandbox.faults, folder.resolve(DiskFill.FILE), free + 100 * MB);
        sandbox.faults.set(Fault.DISK_FILL, true, 5, "zhang.wei", "x");

        fill.tick();

        assertEquals(0, Files.size(fill.file()));
        fill.close();
        assertFalse(Files.exists(fill.file()), "removed when the sandbox stops");
    }

    @Test
    void theLoginBurstWritesFailedSignInsFromOneOutsideAddressWhileOn() throws Exception {
        sandbox.generate(9, "0.005");
        LoginBurst burst = new LoginBurst(sandbox.faults, sandbox.operations, false);
        assertEquals(0, burst.tick());

        sandbox.faults.set(Fault.LOGIN_BURST, true, 4, "zhang.wei", "x");
        int made = burst.tick() + burst.tick();
        sandbox.faults.set(Fault.LOGIN_BURST, false, null, "zhang.wei", "x");
        int afterwards = burst.tick();
        burst.close();

        assertEquals(8, made);
        assertEquals(0, afterwards);
        var dsl = sandbox.platform.database.dsl();
        assertEquals(8, dsl.fetchCount(dsl.selectFrom("sys_login_log").where("client_ip = ? and login_name = ? and success = false "
                + "and result = 'WRONG_PASSWORD'", LoginBurst.ATTACKER, LoginBurst.TARGET)));
        assertTrue(dsl.fetchCount(dsl.selectFrom("sys_user").where("login_name = ?", LoginBurst.TARGET)) == 1);
    }
}
