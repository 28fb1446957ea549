package org.opsconsole.api.backup;

import java.util.List;
import java.util.Objects;

/**
 * A change of the installed modules, as the plugin manager is about to apply it.
 *
 * @param action {@code INSTALL}, {@code UPDATE}, {@code UNINSTALL} or {@code REVERT}
 * @param featureId the feature the change is about (for a revert, {@code change:<n>})
 * @param bundles the symbolic names of the bundles the change installs, updates or removes
 * @param actor who asked for it
 */
public record ModuleChange(String action, String featureId, List<String> bundles, String actor) {

    /** Checks that the action, feature and actor are given, and copies the bundles. */
    public ModuleChange {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(featureId, "featureId");
        Objects.requireNonNull(actor, "actor");
        bundles = List.copyOf(bundles);
    }
}
