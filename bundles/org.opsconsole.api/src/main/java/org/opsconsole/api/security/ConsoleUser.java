package org.opsconsole.api.security;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import jakarta.servlet.ServletRequest;

/**
 * The user a request to the console comes from, as the core authenticated it. Immutable.
 */
@ProviderType
public interface ConsoleUser {

    /** The request attribute under which the core leaves the signed-in user for the servlets. */
    String REQUEST_ATTRIBUTE = "org.opsconsole.user";

    /**
     * The signed-in user of a request to the console.
     *
     * @param request a request in the console's servlet context
     * @return the user; empty only for the few public routes (login, health)
     */
    static Optional<ConsoleUser> of(ServletRequest request) {
        return Optional.ofNullable((ConsoleUser) request.getAttribute(REQUEST_ATTRIBUTE));
    }

    /** @return the user name, unique, used to sign in */
    String name();

    /** @return the name people know the user by */
    String displayName();

    /** @return the user's roles */
    Set<String> roles();

    /** @return every permission the user's roles grant */
    Set<String> permissions();

    /**
     * @param permission a permission name, for example {@code backup.run}
     * @return whether the user's roles grant it
     */
    default boolean has(String permission) {
        return permissions().contains(permission);
    }
}
