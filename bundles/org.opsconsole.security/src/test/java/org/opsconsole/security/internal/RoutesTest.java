package org.opsconsole.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final Routes.Rule OPEN = new Routes.Rule(true, "", "", "shell");
    private static final Routes.Rule USERS = new Routes.Rule(false, "security.user.read", "security.user.write", "users");
    private static final Routes.Rule ONE = new Routes.Rule(false, "x.read", "", "one");
    private static final Routes.Rule CSV = new Routes.Rule(false, "csv.read", "", "csv");
    private static final Map<String, Routes.Rule> RULES = Map.of("/", OPEN, "/api/security/users", USERS,
            "/api/security/users/*", USERS, "/api/x/one", ONE, "/api/x/*", OPEN, "*.csv", CSV);

    @Test
    void pathsMapLikeTheServletContainerMapsThem() {
        assertEquals(ONE, Routes.match(RULES, "/api/x/one").orElseThrow(), "exact first");
        assertEquals(OPEN, Routes.match(RULES, "/api/x/two").orElseThrow(), "then the longest prefix");
        assertEquals(USERS, Routes.match(RULES, "/api/security/users/li.na/disable").orElseThrow());
        assertEquals(USERS, Routes.match(RULES, "/api/security/users").orElseThrow());
        assertEquals(CSV, Routes.match(RULES, "/exports/audit.csv").orElseThrow(), "then the extension");
        assertEquals(OPEN, Routes.match(RULES, "/anything/else").orElseThrow(), "then the default servlet");
        assertEquals(OPEN, Routes.match(RULES, "/api/xylophone").orElseThrow(), "a prefix matches whole segments only");
    }
}
