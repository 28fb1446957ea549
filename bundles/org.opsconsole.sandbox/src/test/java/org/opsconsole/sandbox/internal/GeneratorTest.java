package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.testing.TestDatabases;

/** The generator's determinism and sizes, on H2 and on MariaDB. */
class GeneratorTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theSameSeedGivesTheSameRowsAndAnotherSeedOtherRows(String kind, @TempDir Path folder) throws Exception {
        String first;
        String again;
        String other;
        GroundTruth firstTruth;
        GroundTruth againTruth;
        try (TestPlatform a = TestPlatform.on(kind, folder.resolve("a")); TestPlatform b = TestPlatform.on(kind, folder.resolve("b"));
                TestPlatform c = TestPlatform.on(kind, folder.resolve("c"))) {
            firstTruth = a.generate(42, "0.005");
            againTruth = b.generate(42, "0.005");
            c.generate(43, "0.005");
            first = PlatformTables.checksum(a.database.dataSource());
            again = PlatformTables.checksum(b.database.dataSource());
            other = PlatformTables.checksum(c.database.dataSource());
        }
        assertEquals(first, again);
        assertEquals(firstTruth, againTruth);
        assertNotEquals(first, other);
    }

    @Test
    void h2AndMariaDbGetTheSameRowsFromTheSameSeed(@TempDir Path folder) throws Exception {
        try (TestPlatform h2 = TestPlatform.on("h2", folder.resolve("h2")); TestPlatform mysql = TestPlatform.on("mysql", folder.resolve("my"))) {
            GroundTruth h2Truth = h2.generate(7, "0.005");
            GroundTruth mysqlTruth = mysql.generate(7, "0.005");

            assertEquals(h2Truth, mysqlTruth);
            assertEquals(PlatformTables.checksum(h2.database.dataSource()), PlatformTables.checksum(mysql.database.dataSource()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theTablesHoldWhatThePlanSays(String kind, @TempDir Path folder) throws Exception {
        PlatformGenerator.Plan plan = PlatformGenerator.Plan.of(5, new BigDecimal("0.01"));
        try (TestPlatform platform = TestPlatform.on(kind, folder)) {
            platform.generate(5, "0.01");
            Map<String, Long> rows = PlatformTables.counts(platform.database.dataSource()).stream()
                    .collect(Collectors.toMap(c -> c.table().name(), PlatformTables.Count::rows));

            assertEquals(plan.notices(), rows.get("payment_notice"));
            assertEquals(plan.units(), rows.get("collecting_unit"));
            assertEquals(11, rows.get("region"));
            assertEquals(7 * 365, rows.get("ledger_daily_balance"));
            assertTrue(rows.get("payment_notice_item") >= plan.notices(), rows.toString());
            assertTrue(rows.get("collection_record") > plan.notices() * 8 / 10, rows.toString());
            assertTrue(rows.get("bank_statement_line") > plan.notices() * 8 / 10, rows.toString());
            assertTrue(rows.values().stream().allMatch(n -> n > 0), rows.toString());
            // the ledger takes in exactly what the platform recorded
            BigDecimal collected = platform.database.dsl().fetchOne("select sum(amount) from collection_record").get(0, BigDecimal.class);
            BigDecimal debited = platform.database.dsl().fetchOne("select sum(debit_total) from ledger_daily_balance").get(0, BigDecimal.class);
            assertEquals(0, collected.compareTo(debited), collected + " collected, " + debited + " in the ledger");
        }
    }

    @Test
    void theDefaultScaleIsAYearOf500000NoticesFromAbout200Units() {
        PlatformGenerator.Plan plan = PlatformGenerator.Plan.of(1, BigDecimal.ONE);

        assertEquals(500_000, plan.notices());
        assertEquals(200, plan.units());
        assertEquals(25, plan.bankAnomalies());
        assertEquals(1, plan.conflicts());
        assertEquals(50_000_000, PlatformGenerator.Plan.of(1, new BigDecimal("100")).notices());
        assertThrows(IllegalArgumentException.class, () -> PlatformGenerator.Plan.of(1, new BigDecimal("100.5")));
        assertThrows(IllegalArgumentException.class, () -> PlatformGenerator.Plan.of(1, new BigDecimal("0.0009")));
    }

    @Test
    void payCodesCarryValidCheckDigits() {
        String code = PlatformGenerator.payCode("440802", 123_456);

        assertEquals(20, code.length());
        assertTrue(code.startsWith("44080225"), code);
        assertTrue(PlatformGenerator.validPayCode(code));
        assertTrue(!PlatformGenerator.validPayCode(code.substring(0, 19) + ((code.charAt(19) - '0' + 1) % 10)));
        assertTrue(!PlatformGenerator.validPayCode("4408022500001234567"));
    }
}
