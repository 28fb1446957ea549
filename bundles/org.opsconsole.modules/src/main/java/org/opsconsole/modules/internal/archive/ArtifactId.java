package org.opsconsole.modules.internal.archive;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Maven artifact id as the OSGi Feature format writes it: {@code group:artifact:version},
 * {@code group:artifact:type:version} or {@code group:artifact:type:classifier:version}.
 *
 * @param groupId the group, e.g. {@code org.opsconsole}
 * @param artifactId the artifact, e.g. {@code org.opsconsole.api}
 * @param type the type ({@code jar}, {@code json}), null when the id does not name one
 * @param classifier the classifier, null when there is none
 * @param version the Maven version, e.g. {@code 1.0.0-SNAPSHOT}
 */
public record ArtifactId(String groupId, String artifactId, String type, String classifier, String version) {

    /** The characters a part may hold: what Maven allows, and nothing that could walk a path. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-+]*");

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException when a part is empty or holds characters Maven does not allow
     */
    public ArtifactId {
        check("group", groupId);
        check("artifact", artifactId);
        check("version", version);
        if (type != null) {
            check("type", type);
        }
        if (classifier != null) {
            check("classifier", classifier);
        }
    }

    /**
     * Parses an id.
     *
     * @param id {@code group:artifact[:type[:classifier]]:version}
     * @return the id
     * @throws IllegalArgumentException when it does not have three to five parts, or a part is not valid
     */
    public static ArtifactId parse(String id) {
        Objects.requireNonNull(id, "id");
        String[] parts = id.split(":", -1);
        return switch (parts.length) {
            case 3 -> new ArtifactId(parts[0], parts[1], null, null, parts[2]);
            case 4 -> new ArtifactId(parts[0], parts[1], parts[2], null, parts[3]);
            case 5 -> new ArtifactId(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new IllegalArgumentException("'" + id
                    + "' is not an artifact id (group:artifact:version, group:artifact:type:version or group:artifact:type:classifier:version)");
        };
    }

    /** @return the type, {@code fallback} when the id names none */
    public String typeOr(String fallback) {
        return type == null ? fallback : type;
    }

    /**
     * The artifact's file name in a Maven repository: {@code artifact-version[-classifier].type}.
     *
     * @param defaultType the type when the id names none
     * @return the file name
     */
    public String fileName(String defaultType) {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + typeOr(defaultType);
    }

    /**
     * The artifact's path in a Maven repository: {@code group/as/folders/artifact/version/} and {@link #fileName}.
     *
     * @param defaultType the type when the id names none
     * @return the path, with {@code /} between folders
     */
    public String repositoryPath(String defaultType) {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName(defaultType);
    }

    /** @return the id as written in a feature, {@code group:artifact[:type[:classifier]]:version} */
    @Override
    public String toString() {
        return groupId + ":" + artifactId + (type == null ? "" : ":" + type) + (classifier == null ? "" : ":" + classifier)
                + ":" + version;
    }

    private static void check(String what, String value) {
        if (value == null || !PART.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("the " + what + " '" + value + "' of an artifact id is empty or has characters"
                    + " that are not allowed (letters, digits, '.', '-', '_' and '+')");
        }
    }
}
