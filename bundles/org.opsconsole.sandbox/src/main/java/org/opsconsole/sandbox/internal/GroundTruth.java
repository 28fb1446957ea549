package org.opsconsole.sandbox.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * What a generation injected on purpose, so that the modules that look for problems (reconciliation, permission audit,
 * monitoring) can be checked to find exactly these and nothing else. Written as JSON next to the data and served by
 * {@code GET /api/sandbox/ground-truth}. Each list holds every case of its rule in the generated data, as the
 * {@link Rules} define them; one user can break two rules (a conflicting role is also a role beyond the job template).
 *
 * @param seed the generation's seed
 * @param scale the generation's scale factor
 * @param period the days the data covers
 * @param rules how each list is defined
 * @param testAccount the platform account with a known password, for signing in to the platform (测试账号)
 * @param bankLinesWithoutCollection bank statement lines the platform has no collection for (银行有、平台无的单边账)
 * @param collectionsWithoutBankLine collections no bank statement line confirms (平台有、银行无的单边账)
 * @param amountMismatches a collection and its bank line (same bank and serial) with different amounts
 * @param duplicateSerials bank serials recorded by the platform in more than one collection (重复入账)
 * @param dormantUsers active users who have not signed in within {@link Rules#dormantDays()} days (or never)
 * @param excessRoles users holding roles their job template does not give
 * @param conflictingRoles users holding two roles that must be kept apart (不相容岗位)
 * @param wideDataScopes data scopes on a unit outside the user's own unit and its subordinates
 * @param failedLoginBursts runs of failed logins from one client address (at least {@link Rules#burstFailures()} within
 *        {@link Rules#burstMinutes()} minutes)
 */
record GroundTruth(long seed, BigDecimal scale, Period period, Rules rules, TestAccount testAccount,
        List<BankLine> bankLinesWithoutCollection, List<Collection> collectionsWithoutBankLine,
        List<AmountMismatch> amountMismatches, List<DuplicateSerial> duplicateSerials, List<DormantUser> dormantUsers,
        List<ExcessRoles> excessRoles, List<ConflictingRoles> conflictingRoles, List<WideScope> wideDataScopes,
        List<LoginBurst> failedLoginBursts) {

    /** @param from the first day @param to the last day */
    record Period(LocalDate from, LocalDate to) {
    }

    /**
     * @param asOf the day the user rules are judged on (the period's last day)
     * @param dormantDays a user whose last sign-in is more than this many days before the end of {@code asOf} is dormant
     * @param burstFailures failed logins from one address that make a burst...
     * @param burstMinutes ...when they fall within this many minutes
     */
    record Rules(LocalDate asOf, int dormantDays, int burstFailures, int burstMinutes) {
    }

    /** @param loginName the account @param password its password */
    record TestAccount(String loginName, String password) {
    }

    /** A bank statement line without a collection. */
    record BankLine(String bankCode, String bankSerial, String payCode, BigDecimal amount, LocalDate statementDate) {
    }

    /** A collection without a bank statement line. */
    record Collection(long collectionId, String bankCode, String bankSerial, String payCode, BigDecimal amount,
            LocalDateTime paidAt) {
    }

    /** A collection and its bank line with different amounts. */
    record AmountMismatch(long collectionId, String bankCode, String bankSerial, String payCode, BigDecimal platformAmount,
            BigDecimal bankAmount) {
    }

    /** One bank serial in several collections. */
    record DuplicateSerial(String bankCode, String bankSerial, String payCode, List<Long> collectionIds) {
    }

    /** A dormant user; {@code lastLoginAt} null when the user never signed in. */
    record DormantUser(String loginName, String unitCode, LocalDateTime lastLoginAt) {
    }

    /** Roles a user holds beyond the job template. */
    record ExcessRoles(String loginName, String jobTemplate, List<String> extraRoles) {
    }

    /** Two incompatible roles one user holds. */
    record ConflictingRoles(String loginName, List<String> roles, String reason) {
    }

    /** A data scope wider than the user's unit. */
    record WideScope(String loginName, String unitCode, String scopeUnitCode) {
    }

    /** A burst of failed logins. */
    record LoginBurst(String clientIp, String loginName, LocalDateTime from, LocalDateTime to, int attempts) {
    }
}
