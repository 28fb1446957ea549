package org.opsconsole.api.notify;

import java.util.Set;

/**
 * Who sees a notification in the console's inbox: every user holding one of the roles, and the users named.
 * The external channels (e-mail, group robots) reach their configured recipients whatever the audience.
 *
 * @param roles role ids, for example {@code operator}
 * @param users user names
 */
public record Audience(Set<String> roles, Set<String> users) {

    /** The operations team: the system administrators and the operators (the default audience). */
    public static final Audience OPERATIONS = ofRoles("sysadmin", "operator");

    public Audience {
        roles = Set.copyOf(roles);
        users = Set.copyOf(users);
    }

    /**
     * @param roles role ids, for example {@code operator} or {@code sysadmin}
     * @return the users holding any of the roles
     */
    public static Audience ofRoles(String... roles) {
        return new Audience(Set.of(roles), Set.of());
    }

    /**
     * @param users user names
     * @return these users
     */
    public static Audience ofUsers(String... users) {
        return new Audience(Set.of(), Set.of(users));
    }

    /** @return whether nobody in the console would see the notification */
    public boolean isEmpty() {
        return roles.isEmpty() && users.isEmpty();
    }
}
