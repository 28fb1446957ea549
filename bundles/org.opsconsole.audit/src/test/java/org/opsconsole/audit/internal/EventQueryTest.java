package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.audit.AuditEvent.Outcome;

class EventQueryTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static EventQuery parse(String... nameValue) throws EventQuery.InvalidQueryException {
        Map<String, String[]> parameters = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            parameters.put(nameValue[i], new String[] {nameValue[i + 1]});
        }
        return EventQuery.parse(parameters, SHANGHAI);
    }

    private static List<String> faults(String... nameValue) {
        EventQuery.InvalidQueryException error = assertThrows(EventQuery.InvalidQueryException.class, () -> parse(nameValue));
        return error.errors().stream().map(EventQuery.FieldError::field).toList();
    }

    @Test
    void withoutParametersEverythingIsAskedForTheFirstPageOfFifty() throws Exception {
        assertEquals(EventQuery.all(), parse());
        assertEquals(EventQuery.all(), parse("from", "", "to", " ", "user", "", "action", "", "outcome", ""),
                "empty form fields mean no filter");
    }

    @Test
    void datesAreWholeDaysInTheConsolesTimeZone() throws Exception {
        EventQuery query = parse("from", "2026-11-01", "to", "2026-11-30");

        assertEquals(Instant.parse("2026-10-31T16:00:00Z"), query.from());
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), query.to(), "the end date is included to its last moment");
    }

    @Test
    void dateTimesWithOffsetInstantsAndLocalDateTimesAreRead() throws Exception {
        assertEquals(Instant.parse("2026-11-26T02:00:00Z"), parse("from", "2026-11-26T02:00:00Z").from());
        assertEquals(Instant.parse("2026-11-26T02:00:00.5Z"), parse("from", "2026-11-26T02:00:00.500Z").from());
        assertEquals(Instant.parse("2026-11-26T02:00:00Z"), parse("from", "2026-11-26T10:00+08:00").from());
        assertEquals(Instant.parse("2026-11-26T15:00:00Z"), parse("to", "2026-11-26T10:00:00-05:00").to());
        assertEquals(Instant.parse("2026-11-26T00:30:00Z"), parse("from", "2026-11-26T08:30").from());
    }

    @Test
    void anUnreadableDateIsNamedWithAnExample() {
        EventQuery.InvalidQueryException error = assertThrows(EventQuery.InvalidQueryException.class,
                () -> parse("from", "yesterday"));

        assertEquals(1, error.errors().size());
        EventQuery.FieldError fault = error.errors().get(0);
        assertEquals("from", fault.field());
        assertTrue(fault.messageEn().contains("ISO-8601"), fault.messageEn());
        assertTrue(fault.message().contains("2026-11-26"), fault.message());
        assertEquals(List.of("to"), faults("to", "2026-13-01"));
        assertEquals(List.of("to"), faults("to", "2026-11-26T25:00Z"));
        assertEquals(List.of("from"), faults("from", "26/11/2026"));
    }

    @Test
    void anEndNotAfterTheStartIsRefused() {
        assertEquals(List.of("to"), faults("from", "2026-11-26T10:00Z", "to", "2026-11-26T10:00Z"));
        assertEquals(List.of("to"), faults("from", "2026-11-27", "to", "2026-11-25"));
    }

    @Test
    void aSizeOutsideOneToFiveHundredIsRefused() throws Exception {
        assertEquals(List.of("size"), faults("size", "0"));
        assertEquals(List.of("size"), faults("size", "501"));
        assertEquals(List.of("size"), faults("size", "ten"));
        assertEquals(List.of("size"), faults("size", "99999999999"));
        assertEquals(1, parse("size", "1").size());
        assertEquals(500, parse("size", "500").size());
    }

    @Test
    void aNegativeOrUnreadablePageIsRefused() throws Exception {
        assertEquals(List.of("page"), faults("page", "-1"));
        assertEquals(List.of("page"), faults("page", "1.5"));
        assertEquals(3, parse("page", "3").page());
    }

    @Test
    void anUnknownOutcomeIsRefusedAndAKnownOneIsReadInAnyCase() throws Exception {
        assertEquals(List.of("outcome"), faults("outcome", "MAYBE"));
        assertEquals(Outcome.DENIED, parse("outcome", "denied").outcome());
        assertEquals(Outcome.SUCCESS, parse("outcome", "SUCCESS").outcome());
    }

    @Test
    void everyFaultIsNamedAtOnce() {
        assertEquals(List.of("from", "outcome", "page", "size"),
                faults("from", "x", "outcome", "x", "page", "-1", "size", "0"));
    }

    @Test
    void aTrailingStarAsksForAPrefix() throws Exception {
        EventQuery query = parse("user", "admin*", "action", "security.*");

        assertEquals("admin", query.user());
        assertTrue(query.userPrefix());
        assertEquals("security.", query.action());
        assertTrue(query.actionPrefix());
        EventQuery exact = parse("user", " admin ", "action", "login");
        assertEquals("admin", exact.user());
        assertFalse(exact.userPrefix());
        assertFalse(exact.actionPrefix());
    }

    @Test
    void aNameLongerThanItsColumnOrGivenTwiceIsRefused() {
        assertEquals(List.of("user"), faults("user", "u".repeat(AuditTrail.ACTOR_LENGTH + 1)));
        assertEquals(List.of("action"), faults("action", "a".repeat(AuditTrail.ACTION_LENGTH + 1)));
        EventQuery.InvalidQueryException twice = assertThrows(EventQuery.InvalidQueryException.class,
                () -> EventQuery.parse(Map.of("user", new String[] {"a", "b"}), SHANGHAI));
        assertEquals("user", twice.errors().get(0).field());
    }

    @Test
    void theFiltersAreDescribedForTheRecordOfAnExport() throws Exception {
        assertEquals("all records", parse().describe());
        assertEquals("from=2026-11-25T16:00:00Z, user=admin*, outcome=DENIED",
                parse("from", "2026-11-26", "user", "admin*", "outcome", "denied").describe());
        assertNull(parse().outcome());
    }
}
