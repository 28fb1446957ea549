package org.opsconsole.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;

/**
 * The console's users, their roles, passwords, lockout and sessions, in the database (so that every console
 * node sees the same). All writes are transactional.
 */
final class Accounts {

    static final Table<Record> USER = table(name("security_user"));
    static final Field<Long> USER_ID = field(name("id"), Long.class);
    static final Field<String> USER_NAME = field(name("name"), String.class);
    static final Field<String> DISPLAY_NAME = field(name("display_name"), String.class);
    static final Field<String> PASSWORD_HASH = field(name("password_hash"), String.class);
    static final Field<Boolean> MUST_CHANGE = field(name("must_change_password"), Boolean.class);
    static final Field<Boolean> ENABLED = field(name("enabled"), Boolean.class);
    static final Field<Integer> FAILED = field(name("failed_logins"), Integer.class);
    static final Field<LocalDateTime> LOCKED_UNTIL = field(name("locked_until"), LocalDateTime.class);
    static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), LocalDateTime.class);
    static final Field<LocalDateTime> CHANGED_AT = field(name("password_changed_at"), LocalDateTime.class);

    static final List<Field<?>> USER_FIELDS = List.of(USER_ID, USER_NAME, DISPLAY_NAME, PASSWORD_HASH, MUST_CHANGE, ENABLED,
            FAILED, LOCKED_UNTIL, CREATED_AT, CHANGED_AT);

    static final Table<Record> USER_ROLE = table(name("security_user_role"));
    static final Field<Long> UR_USER = field(name("user_id"), Long.class);
    static final Field<String> UR_ROLE = field(name("role"), String.class);

    static final Table<Record> HISTORY = table(name("security_password_history"));
    static final Field<Long> H_USER = field(name("user_id"), Long.class);
    static final Field<String> H_HASH = field(name("password_hash"), String.class);
    static final Field<LocalDateTime> H_AT = field(name("changed_at"), LocalDateTime.class);

    static final Table<Record> GRANT = table(name("security_role_grant"));
    static final Field<String> G_ROLE = field(name("role"), String.class);
    static final Field<String> G_PERMISSION = field(name("permission"), String.class);

    static final Table<Record> SESSION = table(name("security_session"));
    static final Field<String> S_TOKEN = field(name("token_hash"), String.class);
    static final Field<Long> S_USER = field(name("user_id"), Long.class);
    static final Field<String> S_CSRF = field(name("csrf_token"), String.class);
    static final Field<String> S_SOURCE = field(name("source"), String.class);
    static final Field<LocalDateTime> S_CREATED = field(name("created_at"), LocalDateTime.class);
    static final Field<LocalDateTime> S_SEEN = field(name("last_seen_at"), LocalDateTime.class);
    static final List<Field<?>> SESSION_FIELDS = List.of(S_TOKEN, S_USER, S_CSRF, S_SOURCE, S_CREATED, S_SEEN);

    /** A user as stored. */
    record Account(long id, String name, String displayName, String passwordHash, boolean mustChangePassword,
            boolean enabled, int failedLogins, Instant lockedUntil, Instant createdAt, Set<Role> roles) {
    }

    /** A signed-in session: the user, the CSRF token. */
    record Session(String tokenHash, Account account, String csrfToken, Instant lastSeen) {
    }

    /** How a sign-in ended. */
    enum LoginOutcome { OK, BAD_CREDENTIALS, LOCKED, DISABLED }

    /** A sign-in's outcome; the account when the name was known. */
    record Login(LoginOutcome outcome, Account account, Instant lockedUntil) {
    }

    private final Database database;
    private final int maxFailures;
    private final Duration lockout;

    Accounts(Database database, int maxFailures, Duration lockout) {
        this.database = database;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    Database database() {
        return database;
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    boolean isEmpty() {
        return database.dsl().fetchCount(USER) == 0;
    }

    Optional<Account> find(String name) {
        return find(database.dsl(), name);
    }

    private Optional<Account> find(DSLContext dsl, String name) {
        Record row = dsl.select(USER_FIELDS).from(USER).where(USER_NAME.eq(name)).fetchOne();
        return Optional.ofNullable(row).map(r -> account(dsl, r));
    }

    private Account account(DSLContext dsl, Record row) {
        long id = row.get(USER_ID);
        Set<Role> roles = new LinkedHashSet<>();
        for (String role : dsl.select(UR_ROLE).from(USER_ROLE).where(UR_USER.eq(id)).orderBy(UR_ROLE).fetch(UR_ROLE)) {
            Role.byId(role).ifPresent(roles::add);
        }
        return new Account(id, row.get(USER_NAME), row.get(DISPLAY_NAME), row.get(PASSWORD_HASH), row.get(MUST_CHANGE),
                row.get(ENABLED), row.get(FAILED), instant(row.get(LOCKED_UNTIL)), instant(row.get(CREATED_AT)), roles);
    }

    List<Account> list() {
        DSLContext dsl = database.dsl();
        List<Account> accounts = new ArrayList<>();
        for (Record row : dsl.select(USER_FIELDS).from(USER).orderBy(USER_NAME).fetch()) {
            accounts.add(account(dsl, row));
        }
        return accounts;
    }

    /** Creates a user who must change the given password at first sign-in. */
    Account create(String name, String displayName, String password, Set<Role> roles) {
        String hash = Passwords.hash(password);
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            LocalDateTime now = utc(Instant.now());
            tx.insertInto(USER).set(USER_NAME, name).set(DISPLAY_NAME, displayName).set(PASSWORD_HASH, hash)
                    .set(MUST_CHANGE, true).set(ENABLED, true).set(FAILED, 0).set(CREATED_AT, now).execute();
            long id = tx.select(USER_ID).from(USER).where(USER_NAME.eq(name)).fetchOne(USER_ID);
            for (Role role : roles) {
                tx.insertInto(USER_ROLE).set(UR_USER, id).set(UR_ROLE, role.id).execute();
            }
            tx.insertInto(HISTORY).set(H_USER, id).set(H_HASH, hash).set(H_AT, now).execute();
        });
        return find(name).orElseThrow();
    }

    /**
     * Checks a sign-in and counts failures: after {@code maxFailures} failures in a row the account is locked
     * for the lockout time. An unknown name costs the same time as a wrong password.
     */
    Login authenticate(String name, String password) {
        Optional<Account> found = find(name);
        if (found.isEmpty()) {
            Passwords.verifyNothing(password);
            return new Login(LoginOutcome.BAD_CREDENTIALS, null, null);
        }
        Account account = found.get();
        Instant now = Instant.now();
        if (account.lockedUntil() != null && account.lockedUntil().isAfter(now)) {
            Passwords.verifyNothing(password);
            return new Login(LoginOutcome.LOCKED, account, account.lockedUntil());
        }
        boolean ok = Passwords.verify(password, account.passwordHash());
        if (!ok) {
            int failures = account.failedLogins() + 1;
            Instant lockedUntil = failures >= maxFailures ? now.plus(lockout) : null;
            database.dsl().update(USER).set(FAILED, lockedUntil == null ? failures : 0)
                    .set(LOCKED_UNTIL, utc(lockedUntil)).where(USER_ID.eq(account.id())).execute();
            return lockedUntil == null ? new Login(LoginOutcome.BAD_CREDENTIALS, account, null)
                    : new Login(LoginOutcome.LOCKED, account, lockedUntil);
        }
        if (!account.enabled()) {
            return new Login(LoginOutcome.DISABLED, account, null);
        }
        if (account.failedLogins() > 0 || account.lockedUntil() != null) {
            database.dsl().update(USER).set(FAILED, 0).setNull(LOCKED_UNTIL).where(USER_ID.eq(account.id())).execute();
        }
        return new Login(LoginOutcome.OK, account, null);
    }

    /** Whether the password is one of the user's last {@value Passwords#HISTORY}. */
    boolean recentlyUsed(Account account, String password) {
        List<String> recent = database.dsl().select(H_HASH).from(HISTORY).where(H_USER.eq(account.id()))
                .orderBy(H_AT.desc(), field(name("id")).desc()).limit(Passwords.HISTORY).fetch(H_HASH);
        return recent.stream().anyMatch(hash -> Passwords.verify(password, hash));
    }

    /** Sets a new password; {@code mustChange} when an administrator set it for the user. */
    void setPassword(Account account, String password, boolean mustChange) {
        String hash = Passwords.hash(password);
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            LocalDateTime now = utc(Instant.now());
            tx.update(USER).set(PASSWORD_HASH, hash).set(MUST_CHANGE, mustChange).set(CHANGED_AT, now)
                    .set(FAILED, 0).setNull(LOCKED_UNTIL).where(USER_ID.eq(account.id())).execute();
            tx.insertInto(HISTORY).set(H_USER, account.id()).set(H_HASH, hash).set(H_AT, now).execute();
        });
    }

    void setEnabled(Account account, boolean enabled) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.update(USER).set(ENABLED, enabled).where(USER_ID.eq(account.id())).execute();
            if (!enabled) {
                tx.deleteFrom(SESSION).where(S_USER.eq(account.id())).execute();
            }
        });
    }

    void setRoles(Account account, Set<Role> roles) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.deleteFrom(USER_ROLE).where(UR_USER.eq(account.id())).execute();
            for (Role role : roles) {
                tx.insertInto(USER_ROLE).set(UR_USER, account.id()).set(UR_ROLE, role.id).execute();
            }
        });
    }

    /** The extra permissions granted to a role beyond its built-in patterns. */
    Set<String> extraGrants(Role role) {
        return new LinkedHashSet<>(database.dsl().select(G_PERMISSION).from(GRANT).where(G_ROLE.eq(role.id))
                .orderBy(G_PERMISSION).fetch(G_PERMISSION));
    }

    void setExtraGrants(Role role, Set<String> permissions) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.deleteFrom(GRANT).where(G_ROLE.eq(role.id)).execute();
            for (String permission : permissions) {
                tx.insertInto(GRANT).set(G_ROLE, role.id).set(G_PERMISSION, permission).execute();
            }
        });
    }

    /** Opens a session; returns the token for the cookie (only its hash is stored). */
    String openSession(Account account, String source, String csrfToken) {
        String token = Passwords.token();
        LocalDateTime now = utc(Instant.now());
        database.dsl().insertInto(SESSION).set(S_TOKEN, Passwords.sha256(token)).set(S_USER, account.id())
                .set(S_CSRF, csrfToken).set(S_SOURCE, source).set(S_CREATED, now).set(S_SEEN, now).execute();
        return token;
    }

    /**
     * The live session for a cookie token: known, not idle longer than the timeout, its user enabled.
     * Marks it seen (at most once a minute, to spare the database).
     */
    Optional<Session> session(String token, Duration idleTimeout) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String hash = Passwords.sha256(token);
        DSLContext dsl = database.dsl();
        Record row = dsl.select(SESSION_FIELDS).from(SESSION).where(S_TOKEN.eq(hash)).fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Instant seen = instant(row.get(S_SEEN));
        if (seen.plus(idleTimeout).isBefore(now)) {
            dsl.deleteFrom(SESSION).where(S_TOKEN.eq(hash)).execute();
            return Optional.empty();
        }
        Record user = dsl.select(USER_FIELDS).from(USER).where(USER_ID.eq(row.get(S_USER))).fetchOne();
        if (user == null || !user.get(ENABLED)) {
            dsl.deleteFrom(SESSION).where(S_TOKEN.eq(hash)).execute();
            return Optional.empty();
        }
        if (seen.plusSeconds(60).isBefore(now)) {
            dsl.update(SESSION).set(S_SEEN, utc(now)).where(S_TOKEN.eq(hash)).execute();
        }
        return Optional.of(new Session(hash, account(dsl, user), row.get(S_CSRF), seen));
    }

    void closeSession(String tokenHash) {
        database.dsl().deleteFrom(SESSION).where(S_TOKEN.eq(tokenHash)).execute();
    }

    void closeSessions(Account account) {
        database.dsl().deleteFrom(SESSION).where(S_USER.eq(account.id())).execute();
    }
}
