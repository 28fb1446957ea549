package org.opsconsole.monitoring.internal.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/**
 * A target's English name in the store, on H2 and MySQL: given, kept while the name stays, dropped when the name changes
 * without a new one, checked like the name (length, unique), and what is refused changes nothing.
 */
class TargetStoreTest {

    /** A probe kind without settings. */
    static final ProbeKinds KINDS = new ProbeKinds(List.of(new ProbeKinds.Kind("test", "测试", "Test", new Probe() {
        @Override
        public List<SettingField> fields() {
            return List.of();
        }

        @Override
        public ProbeResult probe(org.opsconsole.api.monitoring.ProbeTarget target) {
            return ProbeResult.up("好", "fine").build();
        }
    })));

    private final TestAuditLog audit = new TestAuditLog();
    private TestDatabases.Target db;
    private TargetStore store;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private void open(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        store = new TargetStore(db.database(), KINDS, new TestSecretBox(), audit, new MutableClock(Instant.parse("2026-11-27T02:00:00Z")));
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /** A change of name and English name alone (null: not given). */
    private static TargetInput names(String name, String nameEn) {
        return new TargetInput(name, nameEn, null, null, null, null, null, null);
    }

    private Target save(Long id, TargetInput input) {
        TargetStore.Change change = store.save(id, input, "admin", "192.0.2.7");
        return assertInstanceOf(TargetStore.Change.Done.class, change, change.toString()).target();
    }

    private List<FieldError> refused(Long id, TargetInput input) {
        TargetStore.Change change = store.save(id, input, "admin", "192.0.2.7");
        return assertInstanceOf(TargetStore.Change.Invalid.class, change, change.toString()).errors();
    }

    private String storedNameEn(long id) {
        return db.dsl().select(MONITORING_TARGET.NAME_EN).from(MONITORING_TARGET).where(MONITORING_TARGET.ID.eq(id)).fetchSingle().value1();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anEnglishNameIsKeptWhileTheNameStaysAndDroppedWhenItChangesWithoutANewOne(String kind) throws Exception {
        open(kind);
        Target created = save(null, new TargetInput("非税平台前端", "  Platform front end ", "test", Map.of(), Map.of(), 30, 10, true));
        long id = created.id();
        assertEquals("Platform front end", created.nameEn(), "stripped like the name");
        assertEquals("Platform front end", storedNameEn(id));
        assertEquals("Platform front end", store.find(id).orElseThrow().englishName());

        assertEquals("Platform front end", save(id, new TargetInput(null, null, null, null, null, 60, null, null)).nameEn(),
                "a change that leaves the name keeps the English one");
        assertEquals("Platform front end", save(id, names("非税平台前端", null)).nameEn(), "the same name given again keeps it too");

        Target renamed = save(id, names("非税前端", null));
        assertNull(renamed.nameEn(), "a new name without a new English one drops the old English name");
        assertNull(storedNameEn(id));
        assertEquals("非税前端", store.find(id).orElseThrow().englishName(), "the English UI shows the one name");

        assertEquals("Front end", save(id, names("前端", "Front end")).nameEn(), "a new name with a new English one");
        assertNull(save(id, names(null, "   ")).nameEn(), "a blank English name removes it");
        assertNull(storedNameEn(id));
        assertEquals(60, store.find(id).orElseThrow().intervalSeconds(), "what was not given is kept");

        assertEquals(List.of("kind test, English name Platform front end", "kind test", "kind test", "kind test, English name removed",
                "kind test, English name Front end", "kind test, English name removed"),
                audit.events.stream().map(AuditEvent::detail).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void badEnglishNamesAreRefusedNamingTheFieldAndChangeNothing(String kind) throws Exception {
        open(kind);
        long web = save(null, new TargetInput("非税平台前端", "Platform front end", "test", Map.of(), Map.of(), 30, 10, true)).id();
        long db1 = save(null, new TargetInput("非税平台数据库", null, "test", Map.of(), Map.of(), 30, 10, true)).id();
        long db2 = save(null, new TargetInput("备用数据库", null, "test", Map.of(), Map.of(), 30, 10, true)).id();
        assertNull(store.find(db2).orElseThrow().nameEn(), "any number of targets have no English name");
        int audited = audit.events.size();

        List<FieldError> tooLong = refused(db1, names("数据库", "D".repeat(101)));
        assertEquals(List.of("nameEn"), tooLong.stream().map(FieldError::field).toList());
        assertEquals("Give an English name of at most 100 characters", tooLong.get(0).messageEn());

        assertEquals(List.of("nameEn"), refused(db1, names(null, "Platform front end")).stream().map(FieldError::field).toList(),
                "another target has that English name");
        assertEquals(List.of("nameEn"), refused(null, new TargetInput("新前端", "Platform front end", "test", Map.of(), Map.of(), 30, 10,
                true)).stream().map(FieldError::field).toList(), "a new target neither");
        assertEquals(List.of("name", "nameEn"), refused(db2, names("非税平台前端", "Platform front end")).stream().map(FieldError::field)
                .toList(), "both names taken");

        assertEquals("非税平台数据库", store.find(db1).orElseThrow().name(), "nothing changed");
        assertNull(store.find(db1).orElseThrow().nameEn());
        assertEquals("备用数据库", store.find(db2).orElseThrow().name());
        assertEquals(3, store.list().size());
        assertEquals(audited, audit.events.size(), "nothing audited");

        assertEquals("Platform front end", save(web, names("前端服务", "Platform front end")).nameEn(),
                "a target keeps its own English name through a rename");
        assertEquals("Database", save(db1, names(null, "Database")).nameEn());
    }
}
