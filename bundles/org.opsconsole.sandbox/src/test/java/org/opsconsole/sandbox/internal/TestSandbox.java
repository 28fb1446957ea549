package org.opsconsole.sandbox.internal;

import org.opsconsole.testing.MutableClock;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.testing.TestDatabases;

/**
 * The sandbox on one kind of database, wired as DS would: the console's database with the sandbox's table, the
 * platform's own database, the fault switches, the generation and the platform's operations, with a clock the test
 * moves for the console side.
 */
final class TestSandbox implements AutoCloseable {

    static final ConsoleUser OPERATOR = user("zhang.wei", SandboxPermissions.READ, SandboxPermissions.OPERATE);

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T02:00:00Z"));
    final TestDatabases.Target console;
    final TestPlatform platform;
    final FaultSwitches faults;
    final Generation generation;
    final PlatformOperations operations;

    private TestSandbox(TestDatabases.Target console, TestPlatform platform) {
        this.console = console;
        this.platform = platform;
        this.faults = new FaultSwitches(console.database(), platform.audit, clock);
        this.generation = new Generation(platform.database, platform.audit, clock);
        this.operations = new PlatformOperations(platform.database, faults, generation, java.time.Clock.system(PlatformOperations.ZONE));
    }

    static TestSandbox on(String kind, Path folder) throws Exception {
        TestDatabases.Target console = TestDatabases.create(kind, "sandbox");
        try {
            return new TestSandbox(console, TestPlatform.on(kind, folder));
        } catch (Exception | Error e) {
            console.close();
            throw e;
        }
    }

    /** Generates the data as an operator would, and waits for it. */
    Generation.Status generate(long seed, String scale) throws Exception {
        generation.start(seed, new BigDecimal(scale), "zhang.wei", "192.0.2.7");
        generation.await(Duration.ofMinutes(2));
        return generation.latest().orElseThrow();
    }

    /** A signed-in user with exactly the given permissions. */
    static ConsoleUser user(String name, String... permissions) {
        Set<String> granted = Set.of(permissions);
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn(name);
        when(user.displayName()).thenReturn("用户 " + name);
        when(user.roles()).thenReturn(Set.of("operator"));
        when(user.permissions()).thenReturn(granted);
        when(user.has(anyString())).thenAnswer(call -> granted.contains(call.getArgument(0, String.class)));
        return user;
    }

    @Override
    public void close() throws java.sql.SQLException {
        try {
            generation.close();
            platform.close();
        } finally {
            console.close();
        }
    }
}
