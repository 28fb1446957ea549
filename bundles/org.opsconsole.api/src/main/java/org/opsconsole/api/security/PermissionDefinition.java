package org.opsconsole.api.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission a module checks, with what it allows in both console languages.
 *
 * @param name the permission, {@code <module>.<action>} in lower case (for example {@code backup.run})
 * @param titleZh what it allows, in Chinese
 * @param titleEn what it allows, in English
 */
public record PermissionDefinition(String name, String titleZh, String titleEn) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    /**
     * Checks the name's form.
     *
     * @throws IllegalArgumentException when the name is not {@code <module>.<action>} in lower case
     */
    public PermissionDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("permission '" + name + "' must be <module>.<action> in lower case");
        }
        titleZh = titleZh == null ? name : titleZh;
        titleEn = titleEn == null ? name : titleEn;
    }
}
