package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/**
 * A target's English name in the store, on H2 and MySQL: kept as given, cleared with an empty one or when the target is
 * renamed without one, checked like the name, and unique.
 */
class TargetStoreTest {

    @TempDir
    java.nio.file.Path home;

    private TestDatabases.Target db;
    private TargetStore store;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private void open(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        store = new TargetStore(db.database(), new TestSecretBox(), new MutableClock(Instant.parse("2026-11-27T02:00:00Z")), home);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static TargetStore.Input named(String name, String nameEn) {
        return new TargetStore.Input(name, nameEn, null, null, null, null, null, null, null, null, null, null);
    }

    private long create(String name, String nameEn) {
        TargetStore.Checked made = store.create(new TargetStore.Input(name, nameEn, "console", Map.of(), "0 0 2 * * ?", null, null, null,
                null, 26, true, true));
        assertEquals(List.of(), made.errors());
        return made.record().getId();
    }

    private Target find(long id) {
        return store.find(id).orElseThrow();
    }

    private List<FieldError> update(long id, TargetStore.Input input) {
        return store.update(id, input).orElseThrow().errors();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anEnglishNameIsStoredStrippedChangedAndClearedWhenEmpty(String kind) throws Exception {
        open(kind);
        long id = create("平台业务库", "  Platform database ");
        assertEquals("Platform database", find(id).nameEn());
        assertEquals("Platform database", find(id).englishName());
        assertEquals("Platform database", store.list().get(0).nameEn(), "the list carries it too");

        assertEquals(List.of(), update(id, named(null, "Business database")));
        assertEquals("Business database", find(id).nameEn());
        assertEquals(List.of(), update(id, named(null, " ")));
        assertNull(find(id).nameEn());
        assertEquals("平台业务库", find(id).englishName(), "without an English name, the one name");

        long none = create("平台附件库", null);
        assertNull(find(none).nameEn(), "the English name is optional");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void renamingWithoutAnEnglishNameClearsItOtherChangesKeepIt(String kind) throws Exception {
        open(kind);
        long id = create("平台业务库", "Platform database");

        assertEquals(List.of(), update(id, new TargetStore.Input(null, null, null, null, null, 5, null, null, null, null, null, null)));
        assertEquals("Platform database", find(id).nameEn(), "kept when the name is not given");
        assertEquals(List.of(), update(id, named(" 平台业务库 ", null)));
        assertEquals("Platform database", find(id).nameEn(), "kept when the name given is the same");

        assertEquals(List.of(), update(id, named("非税业务库", null)));
        assertEquals("非税业务库", find(id).name());
        assertNull(find(id).nameEn(), "a new name without an English one drops the English name of the old one");

        assertEquals(List.of(), update(id, named("平台业务库", "Platform database")));
        assertEquals(List.of(), update(id, named("非税业务库", "Non-tax revenue database")));
        assertEquals("非税业务库", find(id).name());
        assertEquals("Non-tax revenue database", find(id).nameEn(), "renamed with an English name, both change");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aBadOrTakenEnglishNameIsRefusedNamingTheFieldAndChangesNothing(String kind) throws Exception {
        open(kind);
        long id = create("平台业务库", "Platform database");
        long other = create("平台附件库", "Attachments");

        TargetStore.Checked tooLong = store.create(new TargetStore.Input("新对象", "x".repeat(101), "console", Map.of(), null, null, null,
                null, null, null, null, null));
        assertEquals(List.of("nameEn"), tooLong.errors().stream().map(FieldError::field).toList());
        TargetStore.Checked taken = store.create(new TargetStore.Input("新对象", "Attachments", "console", Map.of(), null, null, null,
                null, null, null, null, null));
        assertEquals(List.of("nameEn"), taken.errors().stream().map(FieldError::field).toList());
        assertEquals(2, store.list().size(), "nothing was created");

        assertEquals(List.of("nameEn"), update(id, named("改名", "y".repeat(101))).stream().map(FieldError::field).toList());
        assertEquals(List.of("nameEn"), update(id, named("改名", "Attachments")).stream().map(FieldError::field).toList());
        assertEquals("平台业务库", find(id).name(), "nothing changed");
        assertEquals("Platform database", find(id).nameEn());
        assertEquals("Attachments", find(other).nameEn());

        assertEquals(List.of(), update(id, named(null, "x".repeat(100))), "100 characters are allowed");
        assertEquals(List.of(), update(other, named(null, "Platform database")), "an English name given up is free again");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSeedWhoseEnglishNameAnOperatorTookIsMadeWithoutOne(String kind) throws Exception {
        open(kind);
        create("我的控制台库", Seeds.CONSOLE.nameEn());
        assertTrue(store.seed(Seeds.CONSOLE));
        Target seeded = store.list().stream().filter(t -> t.name().equals(Seeds.CONSOLE.name())).findFirst().orElseThrow();
        assertNull(seeded.nameEn());
    }
}
