package org.opsconsole.security.internal;

import static org.opsconsole.security.internal.schema.Tables.SECURITY_PASSWORD_HISTORY;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_ROLE_GRANT;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_SESSION;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_USER;
import static org.opsconsole.security.internal.schema.Tables.SECURITY_USER_ROLE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.security.internal.schema.tables.records.SecuritySessionRecord;
import org.opsconsole.security.internal.schema.tables.records.SecurityUserRecord;

/**
 * The console's users, their roles, passwords, lockout and sessions, in the database (so that every console
 * node sees the same). All writes are transactional.
 */
final class Accounts {

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

    boolean isEmpty() {
        return database.dsl().fetchCount(SECURITY_USER) == 0;
    }

    Optional<Account> find(String name) {
        return find(database.dsl(), name);
    }

    private Optional<Account> find(DSLContext dsl, String name) {
        SecurityUserRecord user = dsl.selectFrom(SECURITY_USER).where(SECURITY_USER.NAME.eq(name)).fetchOne();
        return Optional.ofNullable(user).map(u -> account(dsl, u));
    }

    private Account account(DSLContext dsl, SecurityUserRecord user) {
        Set<Role> roles = new LinkedHashSet<>();
        for (String role : dsl.select(SECURITY_USER_ROLE.ROLE).from(SECURITY_USER_ROLE)
                .where(SECURITY_USER_ROLE.USER_ID.eq(user.getId())).orderBy(SECURITY_USER_ROLE.ROLE)
                .fetch(SECURITY_USER_ROLE.ROLE)) {
            Role.byId(role).ifPresent(roles::add);
        }
        return new Account(user.getId(), user.getName(), user.getDisplayName(), user.getPasswordHash(),
                user.getMustChangePassword(), user.getEnabled(), user.getFailedLogins(), user.getLockedUntil(),
                user.getCreatedAt(), roles);
    }

    List<Account> list() {
        DSLContext dsl = database.dsl();
        List<Account> accounts = new ArrayList<>();
        for (SecurityUserRecord user : dsl.selectFrom(SECURITY_USER).orderBy(SECURITY_USER.NAME).fetch()) {
            accounts.add(account(dsl, user));
        }
        return accounts;
    }

    /** Creates a user who must change the given password at first sign-in. */
    Account create(String name, String displayName, String password, Set<Role> roles) {
        String hash = Passwords.hash(password);
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Instant now = Instant.now();
            long id = tx.insertInto(SECURITY_USER)
                    .set(SECURITY_USER.NAME, name)
                    .set(SECURITY_USER.DISPLAY_NAME, displayName)
                    .set(SECURITY_USER.PASSWORD_HASH, hash)
                    .set(SECURITY_USER.MUST_CHANGE_PASSWORD, true)
                    .set(SECURITY_USER.ENABLED, true)
                    .set(SECURITY_USER.FAILED_LOGINS, 0)
                    .set(SECURITY_USER.CREATED_AT, now)
                    .returningResult(SECURITY_USER.ID)
                    .fetchSingle(SECURITY_USER.ID);
            for (Role role : roles) {
                tx.insertInto(SECURITY_USER_ROLE)
                        .set(SECURITY_USER_ROLE.USER_ID, id)
                        .set(SECURITY_USER_ROLE.ROLE, role.id)
                        .execute();
            }
            rememberPassword(tx, id, hash, now);
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
            database.dsl().update(SECURITY_USER)
                    .set(SECURITY_USER.FAILED_LOGINS, lockedUntil == null ? failures : 0)
                    .set(SECURITY_USER.LOCKED_UNTIL, lockedUntil)
                    .where(SECURITY_USER.ID.eq(account.id()))
                    .execute();
            return lockedUntil == null ? new Login(LoginOutcome.BAD_CREDENTIALS, account, null)
                    : new Login(LoginOutcome.LOCKED, account, lockedUntil);
        }
        if (!account.enabled()) {
            return new Login(LoginOutcome.DISABLED, account, null);
        }
        if (account.failedLogins() > 0 || account.lockedUntil() != null) {
            database.dsl().update(SECURITY_USER)
                    .set(SECURITY_USER.FAILED_LOGINS, 0)
                    .setNull(SECURITY_USER.LOCKED_UNTIL)
                    .where(SECURITY_USER.ID.eq(account.id()))
                    .execute();
        }
        return new Login(LoginOutcome.OK, account, null);
    }

    /** Whether the password is one of the user's last {@value Passwords#HISTORY}. */
    boolean recentlyUsed(Account account, String password) {
        List<String> recent = database.dsl().select(SECURITY_PASSWORD_HISTORY.PASSWORD_HASH)
                .from(SECURITY_PASSWORD_HISTORY)
                .where(SECURITY_PASSWORD_HISTORY.USER_ID.eq(account.id()))
                .orderBy(SECURITY_PASSWORD_HISTORY.CHANGED_AT.desc(), SECURITY_PASSWORD_HISTORY.ID.desc())
                .limit(Passwords.HISTORY)
                .fetch(SECURITY_PASSWORD_HISTORY.PASSWORD_HASH);
        return recent.stream().anyMatch(hash -> Passwords.verify(password, hash));
    }

    /** Sets a new password; {@code mustChange} when an administrator set it for the user. */
    void setPassword(Account account, String password, boolean mustChange) {
        String hash = Passwords.hash(password);
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Instant now = Instant.now();
            tx.update(SECURITY_USER)
                    .set(SECURITY_USER.PASSWORD_HASH, hash)
                    .set(SECURITY_USER.MUST_CHANGE_PASSWORD, mustChange)
                    .set(SECURITY_USER.PASSWORD_CHANGED_AT, now)
                    .set(SECURITY_USER.FAILED_LOGINS, 0)
                    .setNull(SECURITY_USER.LOCKED_UNTIL)
                    .where(SECURITY_USER.ID.eq(account.id()))
                    .execute();
            rememberPassword(tx, account.id(), hash, now);
        });
    }

    private static void rememberPassword(DSLContext tx, long userId, String hash, Instant changedAt) {
        tx.insertInto(SECURITY_PASSWORD_HISTORY)
                .set(SECURITY_PASSWORD_HISTORY.USER_ID, userId)
                .set(SECURITY_PASSWORD_HISTORY.PASSWORD_HASH, hash)
                .set(SECURITY_PASSWORD_HISTORY.CHANGED_AT, changedAt)
                .execute();
    }

    void setEnabled(Account account, boolean enabled) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.update(SECURITY_USER).set(SECURITY_USER.ENABLED, enabled).where(SECURITY_USER.ID.eq(account.id())).execute();
            if (!enabled) {
                tx.deleteFrom(SECURITY_SESSION).where(SECURITY_SESSION.USER_ID.eq(account.id())).execute();
            }
        });
    }

    void setRoles(Account account, Set<Role> roles) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.deleteFrom(SECURITY_USER_ROLE).where(SECURITY_USER_ROLE.USER_ID.eq(account.id())).execute();
            for (Role role : roles) {
                tx.insertInto(SECURITY_USER_ROLE)
                        .set(SECURITY_USER_ROLE.USER_ID, account.id())
                        .set(SECURITY_USER_ROLE.ROLE, role.id)
                        .execute();
            }
        });
    }

    /** The extra permissions granted to a role beyond its built-in patterns. */
    Set<String> extraGrants(Role role) {
        return new LinkedHashSet<>(database.dsl().select(SECURITY_ROLE_GRANT.PERMISSION).from(SECURITY_ROLE_GRANT)
                .where(SECURITY_ROLE_GRANT.ROLE.eq(role.id))
                .orderBy(SECURITY_ROLE_GRANT.PERMISSION)
                .fetch(SECURITY_ROLE_GRANT.PERMISSION));
    }

    void setExtraGrants(Role role, Set<String> permissions) {
        database.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.deleteFrom(SECURITY_ROLE_GRANT).where(SECURITY_ROLE_GRANT.ROLE.eq(role.id)).execute();
            for (String permission : permissions) {
                tx.insertInto(SECURITY_ROLE_GRANT)
                        .set(SECURITY_ROLE_GRANT.ROLE, role.id)
                        .set(SECURITY_ROLE_GRANT.PERMISSION, permission)
                        .execute();
            }
        });
    }

    /** Opens a session; returns the token for the cookie (only its hash is stored). */
    String openSession(Account account, String source, String csrfToken) {
        String token = Passwords.token();
        Instant now = Instant.now();
        database.dsl().insertInto(SECURITY_SESSION)
                .set(SECURITY_SESSION.TOKEN_HASH, Passwords.sha256(token))
                .set(SECURITY_SESSION.USER_ID, account.id())
                .set(SECURITY_SESSION.CSRF_TOKEN, csrfToken)
                .set(SECURITY_SESSION.SOURCE, source)
                .set(SECURITY_SESSION.CREATED_AT, now)
                .set(SECURITY_SESSION.LAST_SEEN_AT, now)
                .execute();
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
        SecuritySessionRecord session = dsl.selectFrom(SECURITY_SESSION).where(SECURITY_SESSION.TOKEN_HASH.eq(hash)).fetchOne();
        if (session == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Instant seen = session.getLastSeenAt();
        if (seen.plus(idleTimeout).isBefore(now)) {
            closeSession(hash);
            return Optional.empty();
        }
        SecurityUserRecord user = dsl.selectFrom(SECURITY_USER).where(SECURITY_USER.ID.eq(session.getUserId())).fetchOne();
        if (user == null || !user.getEnabled()) {
            closeSession(hash);
            return Optional.empty();
        }
        if (seen.plusSeconds(60).isBefore(now)) {
            dsl.update(SECURITY_SESSION)
                    .set(SECURITY_SESSION.LAST_SEEN_AT, now)
                    .where(SECURITY_SESSION.TOKEN_HASH.eq(hash))
                    .execute();
        }
        return Optional.of(new Session(hash, account(dsl, user), session.getCsrfToken(), seen));
    }

    void closeSession(String tokenHash) {
        database.dsl().deleteFrom(SECURITY_SESSION).where(SECURITY_SESSION.TOKEN_HASH.eq(tokenHash)).execute();
    }

    void closeSessions(Account account) {
        database.dsl().deleteFrom(SECURITY_SESSION).where(SECURITY_SESSION.USER_ID.eq(account.id())).execute();
    }
}
