package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.testing.TestDatabases;

/**
 * The ground truth names exactly the anomalies in the data: each rule, computed here from the tables alone, finds what
 * the ground truth lists and nothing else. On H2 and on MariaDB, one generation each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroundTruthTest {

    @TempDir
    static Path folder;

    private final Map<String, TestPlatform> platforms = new HashMap<>();
    private final Map<String, GroundTruth> truths = new HashMap<>();

    List<String> kinds() {
        return TestDatabases.kinds();
    }

    @BeforeAll
    void generate() throws Exception {
        for (String kind : kinds()) {
            try {
                TestPlatform platform = TestPlatform.on(kind, folder.resolve(kind));
                platforms.put(kind, platform);
                truths.put(kind, platform.generate(2025, "0.01"));
            } catch (org.opentest4j.TestAbortedException e) {
                // no MariaDB here: its runs are skipped by TestDatabases in the tests below
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        for (TestPlatform platform : platforms.values()) {
            platform.close();
        }
    }

    private DSLContext dsl(String kind) throws Exception {
        if (!platforms.containsKey(kind)) {
            TestDatabases.empty(kind).close(); // aborts the test with the reason when the database is not there
        }
        return platforms.get(kind).database.dsl();
    }

    private static Set<String> set(List<String> values) {
        return new TreeSet<>(values);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindOfAnomalyIsThere(String kind) throws Exception {
        dsl(kind);
        GroundTruth truth = truths.get(kind);
        assertEquals(3, truth.bankLinesWithoutCollection().size());
        assertEquals(3, truth.collectionsWithoutBankLine().size());
        assertEquals(3, truth.amountMismatches().size());
        assertEquals(3, truth.duplicateSerials().size());
        assertEquals(2, truth.dormantUsers().size());
        assertEquals(1, truth.conflictingRoles().size());
        assertEquals(3, truth.excessRoles().size(), "two beyond the template and the one with a conflicting role");
        assertEquals(2, truth.wideDataScopes().size());
        assertEquals(1, truth.failedLoginBursts().size());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theBankLinesWithoutCollectionAreExactlyTheListedOnes(String kind) throws Exception {
        List<String> found = dsl(kind).fetch("select l.bank_code, l.bank_serial from bank_statement_line l where not exists "
                + "(select 1 from collection_record c where c.bank_code = l.bank_code and c.bank_serial = l.bank_serial)")
                .map(r -> r.get(0, String.class) + "/" + r.get(1, String.class));
        assertEquals(set(truths.get(kind).bankLinesWithoutCollection().stream().map(l -> l.bankCode() + "/" + l.bankSerial()).toList()),
                set(found));
        // the payer paid at the bank, but the platform still shows the notice unpaid
        for (GroundTruth.BankLine line : truths.get(kind).bankLinesWithoutCollection()) {
            assertEquals("UNPAID", dsl(kind).fetchOne("select status from payment_notice where pay_code = ?", line.payCode())
                    .get(0, String.class));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theCollectionsWithoutBankLineAreExactlyTheListedOnes(String kind) throws Exception {
        List<String> found = dsl(kind).fetch("select c.id from collection_record c where not exists "
                + "(select 1 from bank_statement_line l where l.bank_code = c.bank_code and l.bank_serial = c.bank_serial)")
                .map(r -> r.get(0, Long.class).toString());
        assertEquals(set(truths.get(kind).collectionsWithoutBankLine().stream().map(c -> Long.toString(c.collectionId())).toList()),
                set(found));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theAmountMismatchesAreExactlyTheListedOnes(String kind) throws Exception {
        Map<Long, String> found = new TreeMap<>();
        for (Record r : dsl(kind).fetch("select c.id, c.amount, l.amount from collection_record c join bank_statement_line l "
                + "on l.bank_code = c.bank_code and l.bank_serial = c.bank_serial where c.amount <> l.amount")) {
            found.put(r.get(0, Long.class), r.get(1, BigDecimal.class).toPlainString() + "≠" + r.get(2, BigDecimal.class).toPlainString());
        }
        Map<Long, String> listed = new TreeMap<>();
        truths.get(kind).amountMismatches().forEach(m -> listed.put(m.collectionId(),
                m.platformAmount().toPlainString() + "≠" + m.bankAmount().toPlainString()));
        assertEquals(listed, found);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theDuplicateSerialsAreExactlyTheListedOnes(String kind) throws Exception {
        Map<String, String> found = new TreeMap<>();
        for (Record r : dsl(kind).fetch("select bank_code, bank_serial, id from collection_record where (bank_code, bank_serial) in "
                + "(select bank_code, bank_serial from collection_record group by bank_code, bank_serial having count(*) > 1) order by id")) {
            found.merge(r.get(0, String.class) + "/" + r.get(1, String.class), r.get(2, Long.class).toString(), (a, b) -> a + "," + b);
        }
        Map<String, String> listed = new TreeMap<>();
        truths.get(kind).duplicateSerials().forEach(d -> listed.put(d.bankCode() + "/" + d.bankSerial(),
                d.collectionIds().stream().map(String::valueOf).collect(Collectors.joining(","))));
        assertEquals(listed, found);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theDormantUsersAreExactlyTheListedOnes(String kind) throws Exception {
        GroundTruth truth = truths.get(kind);
        LocalDateTime cutoff = truth.rules().asOf().plusDays(1).atStartOfDay().minusDays(truth.rules().dormantDays());
        List<String> found = dsl(kind).fetch("select login_name from sys_user where status = 'ACTIVE' and "
                + "(last_login_at is null or last_login_at < ?)", cutoff).map(r -> r.get(0, String.class));
        assertEquals(set(truth.dormantUsers().stream().map(GroundTruth.DormantUser::loginName).toList()), set(found));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theRolesBeyondTheJobTemplateAreExactlyTheListedOnes(String kind) throws Exception {
        Map<String, String> found = new TreeMap<>();
        for (Record r : dsl(kind).fetch("select u.login_name, ro.code from sys_user u join sys_user_role ur on ur.user_id = u.id "
                + "join sys_role ro on ro.id = ur.role_id where not exists (select 1 from sys_job_template_role t "
                + "where t.template_id = u.job_template_id and t.role_id = ur.role_id) order by ro.code")) {
            found.merge(r.get(0, String.class), r.get(1, String.class), (a, b) -> a + "," + b);
        }
        Map<String, String> listed = new TreeMap<>();
        truths.get(kind).excessRoles().forEach(e -> listed.put(e.loginName(), String.join(",", e.extraRoles())));
        assertEquals(listed, found);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theConflictingRolesAreExactlyTheListedOnes(String kind) throws Exception {
        List<String> found = dsl(kind).fetch("select u.login_name, a.code, b.code from sys_role_conflict c "
                + "join sys_user_role x on x.role_id = c.role_id join sys_user_role y on y.role_id = c.other_role_id and y.user_id = x.user_id "
                + "join sys_user u on u.id = x.user_id join sys_role a on a.id = c.role_id join sys_role b on b.id = c.other_role_id")
                .map(r -> r.get(0, String.class) + ":" + r.get(1, String.class) + "+" + r.get(2, String.class));
        assertEquals(set(truths.get(kind).conflictingRoles().stream().map(c -> c.loginName() + ":" + String.join("+", c.roles())).toList()),
                set(found));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theDataScopesWiderThanTheUnitAreExactlyTheListedOnes(String kind) throws Exception {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, String> codes = new HashMap<>();
        for (Record r : dsl(kind).fetch("select id, parent_id, code from collecting_unit")) {
            parents.put(r.get(0, Long.class), r.get(1, Long.class));
            codes.put(r.get(0, Long.class), r.get(2, String.class));
        }
        List<String> found = new ArrayList<>();
        for (Record r : dsl(kind).fetch("select u.login_name, u.unit_id, s.unit_id from sys_data_scope s join sys_user u on u.id = s.user_id")) {
            long own = r.get(1, Long.class);
            Long unit = r.get(2, Long.class);
            while (unit != null && unit != own) {
                unit = parents.get(unit);
            }
            if (unit == null) {
                found.add(r.get(0, String.class) + ":" + codes.get(r.get(2, Long.class)));
            }
        }
        assertEquals(set(truths.get(kind).wideDataScopes().stream().map(w -> w.loginName() + ":" + w.scopeUnitCode()).toList()),
                set(found));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theFailedLoginBurstsAreExactlyTheListedOnes(String kind) throws Exception {
        GroundTruth truth = truths.get(kind);
        Duration window = Duration.ofMinutes(truth.rules().burstMinutes());
        Map<String, List<LocalDateTime>> failures = new TreeMap<>();
        for (Record r : dsl(kind).fetch("select client_ip, login_at from sys_login_log where success = false order by login_at, id")) {
            failures.computeIfAbsent(r.get(0, String.class), ip -> new ArrayList<>()).add(r.get(1, LocalDateTime.class));
        }
        Set<String> found = new TreeSet<>();
        failures.forEach((ip, times) -> {
            for (int i = 0, j = 0; j < times.size(); j++) {
                while (Duration.between(times.get(i), times.get(j)).compareTo(window) > 0) {
                    i++;
                }
                if (j - i + 1 >= truth.rules().burstFailures()) {
                    found.add(ip + " " + times.get(0) + " " + times.get(times.size() - 1) + " " + times.size());
                    return;
                }
            }
        });
        assertEquals(set(truth.failedLoginBursts().stream().map(b -> b.clientIp() + " " + b.from() + " " + b.to() + " " + b.attempts()).toList()),
                found);
        assertFalse(found.isEmpty());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theTestAccountSignsInWithTheListedPassword(String kind) throws Exception {
        dsl(kind);
        GroundTruth.TestAccount account = truths.get(kind).testAccount();
        PlatformOperations operations = new PlatformOperations(platforms.get(kind).database,
                new FaultSwitches(null, null) {
                    @Override
                    Switch get(Fault fault) {
                        return new Switch(fault, false, fault.defaultSetting(), null, null);
                    }
                }, null);

        PlatformOperations.Login login = operations.login(account.loginName(), account.password(), "10.0.0.1");

        PlatformOperations.Login.Success success = assertInstanceOf(PlatformOperations.Login.Success.class, login);
        assertEquals(List.of("QUERY"), success.account().get("roles"));
        assertTrue(((List<?>) success.account().get("functions")).contains("bill.query"));
    }
}
