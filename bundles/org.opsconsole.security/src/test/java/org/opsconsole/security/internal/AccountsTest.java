package org.opsconsole.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_PASSWORD_HISTORY;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_SESSION;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_USER;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.security.internal.Accounts.Account;
import org.opsconsole.security.internal.Accounts.Login;
import org.opsconsole.security.internal.Accounts.LoginOutcome;
import org.opsconsole.security.internal.Accounts.Session;
import org.opsconsole.security.internal.schema.tables.records.SecurityPasswordHistoryRecord;
import org.opsconsole.security.internal.schema.tables.records.SecuritySessionRecord;
import org.opsconsole.security.internal.schema.tables.records.SecurityUserRecord;
import org.opsconsole.testing.TestDatabases;

/** Users, sign-in with lockout, password history and sessions on H2 and on MySQL/MariaDB, and the V2 migration. */
class AccountsTest {

    private static final String PASSWORD = "Caishi-Ju-2026";
    private static final int MAX_FAILURES = 3;
    private static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final Duration IDLE = Duration.ofMinutes(30);
    /** Europe/Berlin has no 02:30 on 2026-03-29 (02:00 jumps to 03:00): as a UTC wall-clock time it is in the gap. */
    private static final String ZONE_WITH_DST = "Europe/Berlin";
    private static final Instant IN_BERLINS_GAP = Instant.parse("2026-03-29T02:30:00.456Z");
    private static final LocalDateTime GAP_WALL_CLOCK = LocalDateTime.parse("2026-03-29T02:30:00.456");
    private static final Condition LI_NA = SECURITY_USER.NAME.eq("li.na");

    private TestDatabases.Target target;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private Accounts accounts(String kind) throws Exception {
        target = TestDatabases.create(kind, "security");
        return new Accounts(target.database(), MAX_FAILURES, LOCKOUT);
    }

    private SecurityUserRecord userRow(String name) {
        return target.dsl().selectFrom(SECURITY_USER).where(SECURITY_USER.NAME.eq(name)).fetchSingle();
    }

    private SecuritySessionRecord sessionRow(String token) {
        return target.dsl().selectFrom(SECURITY_SESSION).where(SECURITY_SESSION.TOKEN_HASH.eq(Passwords.sha256(token)))
                .fetchOne();
    }

    /** A time column's value as the database holds it: read as text, without a binding or a time zone in between. */
    private LocalDateTime stored(TableField<?, Instant> column, Condition row) {
        Field<String> text = DSL.field(column.getQualifiedName(), String.class);
        return LocalDateTime.parse(target.dsl().select(text).from(column.getTable()).where(row).fetchSingle(text)
                .replace(' ', 'T'));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewUserMustChangeItsPasswordAndIsFoundWithItsRoles(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        assertTrue(accounts.isEmpty());
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Account created = accounts.create("li.na", "李娜（安全管理员）", PASSWORD, Set.of(Role.SECADMIN, Role.AUDITOR));
        accounts.create("chen.jie", "Chen Jie", PASSWORD, Set.of());

        assertFalse(accounts.isEmpty());
        assertEquals("li.na", created.name());
        assertEquals("李娜（安全管理员）", created.displayName(), "Chinese names on a server whose default is latin1");
        assertTrue(created.mustChangePassword());
        assertTrue(created.enabled());
        assertEquals(0, created.failedLogins());
        assertNull(created.lockedUntil());
        assertFalse(created.createdAt().isBefore(before));
        assertFalse(created.createdAt().isAfter(Instant.now()));
        assertEquals(List.of(Role.AUDITOR, Role.SECADMIN), List.copyOf(created.roles()), "roles in the order of their ids");
        assertEquals(created, accounts.find("li.na").orElseThrow());
        assertEquals(Optional.empty(), accounts.find("li"));
        assertEquals(Optional.empty(), accounts.find("LI.NA"), "user names compare exactly, on MySQL as on H2");
        assertEquals(List.of("chen.jie", "li.na"), accounts.list().stream().map(Account::name).toList());
        assertEquals(List.of(created.createdAt()), target.dsl().selectFrom(SECURITY_PASSWORD_HISTORY)
                .where(SECURITY_PASSWORD_HISTORY.USER_ID.eq(created.id())).fetch(SECURITY_PASSWORD_HISTORY.CHANGED_AT),
                "the first password is in the history, changed when the user was created");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void failedSignInsLockTheAccountAndARightPasswordAfterTheLockoutSignsIn(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));

        assertEquals(LoginOutcome.BAD_CREDENTIALS, accounts.authenticate("li.na", "wrong").outcome());
        assertEquals(LoginOutcome.BAD_CREDENTIALS, accounts.authenticate("li.na", "wrong").outcome());
        assertEquals(2, accounts.find("li.na").orElseThrow().failedLogins());
        Login locked = accounts.authenticate("li.na", "wrong");
        assertEquals(LoginOutcome.LOCKED, locked.outcome());
        assertEquals(0, accounts.find("li.na").orElseThrow().failedLogins(), "the count starts again after a lockout");
        assertEquals(LoginOutcome.LOCKED, accounts.authenticate("li.na", PASSWORD).outcome(), "even the right password");
        assertEquals(LoginOutcome.BAD_CREDENTIALS, accounts.authenticate("nobody", PASSWORD).outcome());

        target.dsl().update(SECURITY_USER).set(SECURITY_USER.LOCKED_UNTIL, Instant.now().minusSeconds(1))
                .set(SECURITY_USER.FAILED_LOGINS, 1).execute();
        Login login = accounts.authenticate("li.na", PASSWORD);

        assertEquals(LoginOutcome.OK, login.outcome());
        assertEquals("li.na", login.account().name());
        Account after = accounts.find("li.na").orElseThrow();
        assertEquals(0, after.failedLogins());
        assertNull(after.lockedUntil());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aLockoutsEndReadsBackToTheMillisecondInAJvmTimeZoneWithDaylightSaving(String kind) throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE_WITH_DST));
        try {
            Accounts accounts = accounts(kind);
            accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));
            for (int i = 1; i < MAX_FAILURES; i++) {
                accounts.authenticate("li.na", "wrong");
            }

            Login locked = accounts.authenticate("li.na", "wrong");

            Instant until = locked.lockedUntil().truncatedTo(ChronoUnit.MILLIS);
            assertEquals(until, accounts.find("li.na").orElseThrow().lockedUntil());
            assertEquals(until, accounts.authenticate("li.na", PASSWORD).lockedUntil());
            assertEquals(LocalDateTime.ofInstant(until, ZoneOffset.UTC), stored(SECURITY_USER.LOCKED_UNTIL, LI_NA),
                    "UTC wall-clock time");

            target.dsl().update(SECURITY_USER).set(SECURITY_USER.LOCKED_UNTIL, IN_BERLINS_GAP).execute();
            assertEquals(IN_BERLINS_GAP, accounts.find("li.na").orElseThrow().lockedUntil());
            assertEquals(GAP_WALL_CLOCK, stored(SECURITY_USER.LOCKED_UNTIL, LI_NA));
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSessionLastSeenInTheJvmsDaylightSavingGapReadsBackUnchanged(String kind) throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE_WITH_DST));
        try {
            Accounts accounts = accounts(kind);
            Account account = accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));
            String token = accounts.openSession(account, "10.0.0.1", "csrf");
            target.dsl().update(SECURITY_SESSION).set(SECURITY_SESSION.LAST_SEEN_AT, IN_BERLINS_GAP).execute();
            assertEquals(GAP_WALL_CLOCK, stored(SECURITY_SESSION.LAST_SEEN_AT, SECURITY_SESSION.TOKEN_HASH.eq(Passwords.sha256(token))),
                    "UTC wall-clock time");

            Session session = accounts.session(token, Duration.ofDays(3650)).orElseThrow();

            assertEquals(IN_BERLINS_GAP, session.lastSeen());
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSessionIsMarkedSeenAtMostOnceAMinuteAndEndsWhenIdleTooLong(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        Account account = accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));
        String token = accounts.openSession(account, "10.0.0.1", "csrf-1");
        SecuritySessionRecord opened = sessionRow(token);
        assertEquals(account.id(), opened.getUserId());
        assertEquals("10.0.0.1", opened.getSource());
        assertEquals(opened.getCreatedAt(), opened.getLastSeenAt());
        assertEquals(Optional.empty(), accounts.session("not-a-token", IDLE));
        assertEquals(Optional.empty(), accounts.session(" ", IDLE));

        Session session = accounts.session(token, IDLE).orElseThrow();
        assertEquals(Passwords.sha256(token), session.tokenHash());
        assertEquals("csrf-1", session.csrfToken());
        assertEquals(account, session.account());
        assertEquals(opened.getLastSeenAt(), session.lastSeen());
        assertEquals(opened.getLastSeenAt(), sessionRow(token).getLastSeenAt(), "seen less than a minute ago: not written");

        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        target.dsl().update(SECURITY_SESSION).set(SECURITY_SESSION.LAST_SEEN_AT, fiveMinutesAgo).execute();
        assertEquals(fiveMinutesAgo, accounts.session(token, IDLE).orElseThrow().lastSeen());
        assertTrue(sessionRow(token).getLastSeenAt().isAfter(fiveMinutesAgo.plusSeconds(60)), "marked seen now");
        assertEquals(opened.getCreatedAt(), sessionRow(token).getCreatedAt());

        target.dsl().update(SECURITY_SESSION).set(SECURITY_SESSION.LAST_SEEN_AT, Instant.now().minus(IDLE).minusSeconds(1))
                .execute();
        assertEquals(Optional.empty(), accounts.session(token, IDLE));
        assertNull(sessionRow(token), "an idle session is removed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void disablingAUserEndsItsSessionsAndKeepsItFromSigningIn(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        Account account = accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));
        Account other = accounts.create("chen.jie", "Chen Jie", PASSWORD, Set.of(Role.OPERATOR));
        String token = accounts.openSession(account, "10.0.0.1", "csrf");
        String otherToken = accounts.openSession(other, "10.0.0.2", "csrf");

        accounts.setEnabled(account, false);

        assertNull(sessionRow(token));
        assertTrue(accounts.session(otherToken, IDLE).isPresent());
        assertFalse(accounts.find("li.na").orElseThrow().enabled());
        assertEquals(LoginOutcome.DISABLED, accounts.authenticate("li.na", PASSWORD).outcome());
        assertEquals(LoginOutcome.BAD_CREDENTIALS, accounts.authenticate("li.na", "wrong").outcome());

        accounts.setEnabled(account, true);
        assertEquals(LoginOutcome.OK, accounts.authenticate("li.na", PASSWORD).outcome());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSessionOfAUserDisabledMeanwhileEndsAndClosingSessionsRemovesThem(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        Account account = accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR));
        String first = accounts.openSession(account, "10.0.0.1", "csrf");
        String second = accounts.openSession(account, "10.0.0.1", "csrf");
        String third = accounts.openSession(account, "10.0.0.1", "csrf");

        accounts.closeSession(Passwords.sha256(first));
        assertNull(sessionRow(first));
        assertTrue(accounts.session(second, IDLE).isPresent());

        target.dsl().update(SECURITY_USER).set(SECURITY_USER.ENABLED, false).execute();
        assertEquals(Optional.empty(), accounts.session(second, IDLE));
        assertNull(sessionRow(second));

        accounts.closeSessions(account);
        assertNull(sessionRow(third));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewPasswordClearsTheLockoutAndTheLastFivePasswordsCannotBeReused(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        Account account = accounts.create("li.na", "Li Na", PASSWORD + "-0", Set.of(Role.OPERATOR));
        target.dsl().update(SECURITY_USER).set(SECURITY_USER.FAILED_LOGINS, 2)
                .set(SECURITY_USER.LOCKED_UNTIL, Instant.now().plus(LOCKOUT)).execute();

        for (int i = 1; i <= Passwords.HISTORY; i++) {
            accounts.setPassword(account, PASSWORD + "-" + i, false);
        }

        SecurityUserRecord row = userRow("li.na");
        assertFalse(row.getMustChangePassword());
        assertEquals(0, row.getFailedLogins());
        assertNull(row.getLockedUntil());
        assertFalse(row.getPasswordChangedAt().isBefore(row.getCreatedAt()));
        List<SecurityPasswordHistoryRecord> history = target.dsl().selectFrom(SECURITY_PASSWORD_HISTORY)
                .orderBy(SECURITY_PASSWORD_HISTORY.ID).fetch();
        assertEquals(Passwords.HISTORY + 1, history.size());
        assertEquals(row.getPasswordChangedAt(), history.get(Passwords.HISTORY).getChangedAt());
        assertEquals(LoginOutcome.OK, accounts.authenticate("li.na", PASSWORD + "-" + Passwords.HISTORY).outcome());
        assertTrue(accounts.recentlyUsed(account, PASSWORD + "-1"));
        assertTrue(accounts.recentlyUsed(account, PASSWORD + "-" + Passwords.HISTORY));
        assertFalse(accounts.recentlyUsed(account, PASSWORD + "-0"), "six passwords ago");

        accounts.setPassword(account, PASSWORD + "-0", true);
        assertTrue(accounts.find("li.na").orElseThrow().mustChangePassword(), "set by an administrator");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rolesAndExtraGrantsAreReplacedAsAWhole(String kind) throws Exception {
        Accounts accounts = accounts(kind);
        Account account = accounts.create("li.na", "Li Na", PASSWORD, Set.of(Role.OPERATOR, Role.VIEWER));

        accounts.setRoles(account, Set.of(Role.AUDITOR));
        accounts.setExtraGrants(Role.VIEWER, Set.of("monitoring.read", "backup.read"));
        accounts.setExtraGrants(Role.OPERATOR, Set.of("reports.read"));
        accounts.setExtraGrants(Role.OPERATOR, Set.of());

        assertEquals(Set.of(Role.AUDITOR), accounts.find("li.na").orElseThrow().roles());
        assertEquals(List.of("backup.read", "monitoring.read"), List.copyOf(accounts.extraGrants(Role.VIEWER)));
        assertEquals(Set.of(), accounts.extraGrants(Role.OPERATOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theUtcTimesMigrationKeepsTheTimesStoredBeforeIt(String kind) throws Exception {
        target = TestDatabases.empty(kind);
        String token = "a-session-token";
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (kind.equals("mysql")) {
                // V1's timestamp columns store a written time converted from the session's time zone
                s.execute("set time_zone = '+08:00'");
            }
            apply(s, "V1__accounts_and_sessions.sql");
            s.execute("insert into security_user (id, name, display_name, password_hash, must_change_password, enabled,"
                    + " failed_logins, locked_until, created_at, password_changed_at) values (7, 'li.na', 'Li Na', 'x',"
                    + " false, true, 2, '2026-03-29 02:30:00.456', '2026-01-02 03:04:05.678', null)");
            s.execute("insert into security_password_history (user_id, password_hash, changed_at)"
                    + " values (7, 'x', '2026-01-02 03:04:05.678')");
            s.execute("insert into security_session (token_hash, user_id, csrf_token, source, created_at, last_seen_at)"
                    + " values ('" + Passwords.sha256(token) + "', 7, 'csrf', '10.0.0.1', '2026-11-26 23:59:59.999',"
                    + " '2026-11-27 00:00:00.001')");

            apply(s, "V2__utc_times.sql");
        }

        SecurityUserRecord user = userRow("li.na");
        assertEquals(Instant.parse("2026-03-29T02:30:00.456Z"), user.getLockedUntil());
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), user.getCreatedAt());
        assertNull(user.getPasswordChangedAt());
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"),
                target.dsl().selectFrom(SECURITY_PASSWORD_HISTORY).fetchSingle().getChangedAt());
        SecuritySessionRecord session = sessionRow(token);
        assertEquals(Instant.parse("2026-11-26T23:59:59.999Z"), session.getCreatedAt());
        assertEquals(Instant.parse("2026-11-27T00:00:00.001Z"), session.getLastSeenAt());
    }

    /** Runs a migration script of the module as the core would: statement by statement, comments left out. */
    private static void apply(Statement statement, String script) throws IOException, SQLException {
        String sql;
        try (InputStream in = AccountsTest.class.getResourceAsStream("/" + TestDatabases.MIGRATIONS + "/" + script)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String withoutComments = String.join("\n", sql.lines().filter(line -> !line.strip().startsWith("--")).toList());
        for (String each : withoutComments.split(";")) {
            if (!each.isBlank()) {
                statement.execute(each.strip());
            }
        }
    }
}
