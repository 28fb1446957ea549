package org.opsconsole.security.internal;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.opsconsole.api.security.ConsoleUser;

/**
 * A signed-in user as servlets see it: the roles' patterns and extra grants decide {@link #has}, and
 * {@link #permissions()} lists the declared permissions they give.
 */
record CurrentUser(String name, String displayName, Set<Role> roleSet, Set<String> extraGrants,
        Collection<String> declared) implements ConsoleUser {

    @Override
    public Set<String> roles() {
        return roleSet.stream().map(r -> r.id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Set<String> permissions() {
        return declared.stream().filter(this::has).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public boolean has(String permission) {
        return permission == null || permission.isEmpty() || Role.grants(roleSet, extraGrants, permission);
    }
}
