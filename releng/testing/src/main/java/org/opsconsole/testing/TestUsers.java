package org.opsconsole.testing;

import java.util.Set;

import org.opsconsole.api.security.ConsoleUser;

/** Signed-in users for servlet tests. */
public final class TestUsers {

    private TestUsers() {
    }

    /**
     * @param name the user name
     * @param displayName the name shown
     * @param roles the role ids
     * @param permissions the permissions the roles give
     * @return a user holding exactly these
     */
    public static ConsoleUser user(String name, String displayName, Set<String> roles, String... permissions) {
        Set<String> granted = Set.of(permissions);
        Set<String> held = Set.copyOf(roles);
        return new ConsoleUser() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String displayName() {
                return displayName;
            }

            @Override
            public Set<String> roles() {
                return held;
            }

            @Override
            public Set<String> permissions() {
                return granted;
            }
        };
    }
}
