package org.opsconsole.modules.internal.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.opsconsole.modules.internal.archive.ArchiveException.Kind;
import org.osgi.framework.VersionRange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A feature description ({@code feature.json}) in the OSGi Feature format (Feature Service specification, chapter
 * 159), the part of it the console uses, read strictly: anything the console would not honour is refused rather
 * than ignored, so that an operator never installs something other than what the file seems to say.
 *
 * <h2>What is read</h2>
 * <ul>
 * <li>{@code id}: {@code group:artifact:json:version} or {@code group:artifact:version} (a classifier is allowed:
 * {@code group:artifact:json:classifier:version}); required.</li>
 * <li>{@code name}, {@code description}, {@code vendor}: text, optional. {@code feature-resource-version} (must be
 * {@code 1.x}), {@code license}, {@code docURL}, {@code scm}, {@code complete} and {@code categories} are accepted
 * and not kept.</li>
 * <li>{@code bundles}: a list of objects, each with the bundle's {@code id} ({@code group:artifact:version}, or with
 * type {@code jar} and a classifier) and optional metadata, of which {@code start-order} (a whole number &ge; 1) is
 * read. Each id once.</li>
 * <li>{@code configurations}: an object of PID to properties; {@code factoryPid~name} is a factory configuration.
 * Property names are kept as written, type hints included ({@code "port:Integer"}); values may not be null.</li>
 * <li>{@code extensions}: each an object with {@code kind} ({@code mandatory}, {@code optional} (the default) or
 * {@code transient}) and exactly one of {@code text} (a list of lines), {@code json} (an object) or
 * {@code artifacts} (a list of objects with an {@code id}). A mandatory extension the console does not know
 * ({@link #KNOWN_EXTENSIONS}) is refused, as the specification asks.</li>
 * </ul>
 * Other top-level keys are refused, {@code variables} included (the console does not substitute them). Comments
 * ({@code //} and {@code /* *}{@code /}) are allowed; a key given twice is refused.
 *
 * <h2>The console's extensions</h2>
 * <ul>
 * <li>{@value #API_EXTENSION}: the version range of the {@code org.opsconsole.api} bundle the feature was built
 * for, as one line of text. It must be an OSGi version range with an upper bound, so that a new major version of
 * the API (an incompatible one) is not taken for compatible:
 * <pre>"extensions": { "opsconsole-api": { "kind": "mandatory", "text": ["[1.0,2)"] } }</pre>
 * It is a text extension rather than a top-level key because the format allows no keys of one's own, and the text
 * is a list of lines because that is how the format (and the launcher's Feature Service) reads text. A feature
 * without it (the core's own features) states no range: {@link #apiRange()} is null.</li>
 * <li>{@value #REQUIRES_EXTENSION}: the ids of the features this one needs, as artifacts, as in the core's
 * {@code features/core/feature.json}.</li>
 * </ul>
 *
 * <p>Instances are immutable.
 *
 * @param id the feature's id
 * @param name the feature's name, null when not given
 * @param description the description, null when not given
 * @param vendor the vendor, null when not given
 * @param bundles the bundles, in the order the feature lists them
 * @param configurations the configurations, in the order the feature lists them
 * @param extensions every extension by name, the console's own included
 * @param apiRange the {@code org.opsconsole.api} versions the feature works with, null when it states none
 * @param requires the ids of the features it needs, empty when none
 */
public record FeatureDescriptor(ArtifactId id, String name, String description, String vendor,
        List<FeatureBundle> bundles, List<FeatureConfiguration> configurations, Map<String, FeatureExtension> extensions,
        VersionRange apiRange, List<ArtifactId> requires) {

    /** The extension stating the {@code org.opsconsole.api} version range a feature needs. */
    public static final String API_EXTENSION = "opsconsole-api";
    /** The extension listing the features a feature needs. */
    public static final String REQUIRES_EXTENSION = "opsconsole-requires";
    /** The extensions the console understands; an unknown one may be optional or transient, not mandatory. */
    public static final Set<String> KNOWN_EXTENSIONS = Set.of(API_EXTENSION, REQUIRES_EXTENSION);

    private static final Set<String> ACCEPTED_KEYS = Set.of("feature-resource-version", "id", "name", "description",
            "vendor", "license", "docURL", "scm", "complete", "categories", "bundles", "configurations", "extensions");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * A bundle the feature names.
     *
     * @param id the bundle's artifact id
     * @param startOrder the start level the feature asks for, null when it gives none
     * @param metadata every key of the bundle's object but {@code id}, as read (numbers, strings, lists, maps)
     */
    public record FeatureBundle(ArtifactId id, Integer startOrder, Map<String, Object> metadata) {
    }

    /**
     * A configuration the feature carries.
     *
     * @param pid the PID as written: {@code pid}, or {@code factoryPid~name} for a factory configuration
     * @param factoryPid the factory PID, null for a singleton configuration
     * @param name the factory configuration's name, null for a singleton configuration
     * @param properties the properties in the order written, names with their type hints ({@code "port:Integer"})
     */
    public record FeatureConfiguration(String pid, String factoryPid, String name, Map<String, Object> properties) {

        /** @return whether this is a factory configuration ({@code factoryPid~name}) */
        public boolean isFactory() {
            return factoryPid != null;
        }
    }

    /**
     * An extension of the feature.
     *
     * @param name the extension's name
     * @param kind how a processor that does not know it must treat it
     * @param type which of the three contents it has
     * @param text the lines joined with {@code \n}, for a {@link Type#TEXT} extension; null otherwise
     * @param json the object, for a {@link Type#JSON} extension (a copy on each call); null otherwise
     * @param artifacts the artifacts' ids, for an {@link Type#ARTIFACTS} extension; empty otherwise
     */
    public record FeatureExtension(String name, ExtensionKind kind, Type type, String text, JsonNode json,
            List<ArtifactId> artifacts) {

        /** What an extension holds. */
        public enum Type {
            /** Lines of text. */
            TEXT,
            /** A JSON object. */
            JSON,
            /** A list of artifacts. */
            ARTIFACTS
        }

        /** @return the JSON content, a copy, null unless {@link Type#JSON} */
        @Override
        public JsonNode json() {
            return json == null ? null : json.deepCopy();
        }
    }

    /** How a processor must treat an extension it does not know (spec 159.7). */
    public enum ExtensionKind {
        /** The feature cannot be used without it. */
        MANDATORY,
        /** The feature works without it. */
        OPTIONAL,
        /** It only matters while the feature is being processed. */
        TRANSIENT
    }

    /** Makes the lists and maps unmodifiable. */
    public FeatureDescriptor {
        bundles = List.copyOf(bundles);
        configurations = List.copyOf(configurations);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        requires = List.copyOf(requires);
    }

    /**
     * Reads a feature description.
     *
     * @param json the {@code feature.json} bytes (UTF-8)
     * @param source how to name the file in messages, e.g. {@code "feature.json (report-module.zip)"}
     * @return the feature
     * @throws ArchiveException {@link Kind#FEATURE_INVALID} naming what is wrong, or {@link Kind#API_RANGE_INVALID}
     */
    public static FeatureDescriptor parse(byte[] json, String source) throws ArchiveException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw invalid(source, "不是有效的 JSON（第 " + line + " 行）：" + e.getOriginalMessage(),
                    "is not valid JSON (line " + line + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw invalid(source, "无法读取：" + e.getMessage(), "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "应为一个 JSON 对象", "must be a JSON object");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if ("variables".equals(key)) {
                throw invalid(source, "使用了 variables，控制台不支持变量替换", "uses variables, which the console does not substitute");
            }
            if (!ACCEPTED_KEYS.contains(key)) {
                throw invalid(source, "含有不支持的字段 \"" + key + "\"", "has a key the format does not define: \"" + key + "\"");
            }
        }
        JsonNode version = root.get("feature-resource-version");
        if (version != null && !(version.isTextual() && version.asText().matches("1(\\.\\d+)*"))) {
            throw invalid(source, "feature-resource-version 应为 1.x，而不是 " + version, "feature-resource-version must be 1.x, not " + version);
        }
        ArtifactId id = featureId(root.get("id"), source);
        List<FeatureBundle> bundles = bundles(root.get("bundles"), source);
        List<FeatureConfiguration> configurations = configurations(root.get("configurations"), source);
        Map<String, FeatureExtension> extensions = extensions(root.get("extensions"), source);
        FeatureExtension api = extensions.get(API_EXTENSION);
        VersionRange apiRange = api == null ? null : apiRange(api, source);
        FeatureExtension requires = extensions.get(REQUIRES_EXTENSION);
        if (requires != null && requires.type() != FeatureExtension.Type.ARTIFACTS) {
            throw invalid(source, "扩展 " + REQUIRES_EXTENSION + " 应为 artifacts 列表", "the extension " + REQUIRES_EXTENSION
                    + " must hold artifacts");
        }
        return new FeatureDescriptor(id, text(root, "name", source), text(root, "description", source),
                text(root, "vendor", source), bundles, configurations, extensions, apiRange,
                requires == null ? List.of() : requires.artifacts());
    }

    /** @return the bundle with the given id, or null when the feature does not name it */
    public FeatureBundle bundle(ArtifactId bundleId) {
        String path = bundleId.repositoryPath("jar");
        return bundles.stream().filter(b -> b.id().repositoryPath("jar").equals(path)).findFirst().orElse(null);
    }

    private static ArtifactId featureId(JsonNode node, String source) throws ArchiveException {
        if (node == null || !node.isTextual()) {
            throw invalid(source, "缺少特性标识 id（如 org.example:report:json:1.0.0）",
                    "has no id (such as org.example:report:json:1.0.0)");
        }
        ArtifactId id = artifactId(node.asText(), "特性标识", "the feature id", source);
        if (id.type() != null && !"json".equals(id.type())) {
            throw invalid(source, "特性标识 " + id + " 的类型应为 json", "the feature id " + id + " must have the type json");
        }
        return id;
    }

    private static List<FeatureBundle> bundles(JsonNode node, String source) throws ArchiveException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(source, "bundles 应为列表", "bundles must be a list");
        }
        List<FeatureBundle> bundles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : node) {
            if (!entry.isObject() || !entry.path("id").isTextual()) {
                throw invalid(source, "bundles 中的每一项应为含 id 的对象，如 {\"id\": \"org.example:report:1.0.0\"}，而不是 " + entry,
                        "each entry of bundles must be an object with an id, such as {\"id\": \"org.example:report:1.0.0\"}, not " + entry);
            }
            ArtifactId id = artifactId(entry.get("id").asText(), "模块标识", "the bundle id", source);
            if (id.type() != null && !"jar".equals(id.type())) {
                throw invalid(source, "模块 " + id + " 的类型应为 jar", "the bundle " + id + " must have the type jar");
            }
            if (!seen.add(id.repositoryPath("jar"))) {
                throw invalid(source, "模块 " + id + " 被列出了两次", "names the bundle " + id + " twice");
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!"id".equals(field.getKey())) {
                    metadata.put(field.getKey(), MAPPER.convertValue(field.getValue(), Object.class));
                }
            }
            bundles.add(new FeatureBundle(id, startOrder(id, entry.get("start-order"), source),
                    Collections.unmodifiableMap(metadata)));
        }
        return bundles;
    }

    private static Integer startOrder(ArtifactId id, JsonNode node, String source) throws ArchiveException {
        if (node == null) {
            return null;
        }
        String text = node.isTextual() ? node.asText().trim() : node.isIntegralNumber() ? node.asText() : "";
        try {
            int order = Integer.parseInt(text);
            if (order >= 1) {
                return order;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(source, "模块 " + id + " 的 start-order 应为不小于 1 的整数，而不是 " + node,
                "the start-order of the bundle " + id + " must be a whole number of at least 1, not " + node);
    }

    private static List<FeatureConfiguration> configurations(JsonNode node, String source) throws ArchiveException {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw invalid(source, "configurations 应为对象（PID → 属性）", "configurations must be an object (PID to properties)");
        }
        List<FeatureConfiguration> configurations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pid = field.getKey();
            int tilde = pid.indexOf('~');
            String factoryPid = tilde < 0 ? null : pid.substring(0, tilde);
            String name = tilde < 0 ? null : pid.substring(tilde + 1);
            if (pid.isBlank() || !pid.equals(pid.trim()) || (tilde >= 0 && (factoryPid.isEmpty() || name.isEmpty()
                    || name.indexOf('~') >= 0))) {
                throw invalid(source, "配置 PID \"" + pid + "\" 无效（单例写作 pid，工厂配置写作 factoryPid~name）",
                        "the configuration PID \"" + pid + "\" is not valid (pid, or factoryPid~name for a factory configuration)");
            }
            if (!field.getValue().isObject()) {
                throw invalid(source, "配置 " + pid + " 应为属性对象", "the configuration " + pid + " must be an object of properties");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> props = field.getValue().fields(); props.hasNext();) {
                Map.Entry<String, JsonNode> property = props.next();
                if (property.getValue().isNull()) {
                    throw invalid(source, "配置 " + pid + " 的属性 " + property.getKey() + " 为 null",
                            "the property " + property.getKey() + " of the configuration " + pid + " is null");
                }
                properties.put(property.getKey(), MAPPER.convertValue(property.getValue(), Object.class));
            }
            configurations.add(new FeatureConfiguration(pid, factoryPid, name, Collections.unmodifiableMap(properties)));
        }
        return configurations;
    }

    private static Map<String, FeatureExtension> extensions(JsonNode node, String source) throws ArchiveException {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(source, "extensions 应为对象", "extensions must be an object");
        }
        Map<String, FeatureExtension> extensions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            extensions.put(field.getKey(), extension(field.getKey(), field.getValue(), source));
        }
        return extensions;
    }

    private static FeatureExtension extension(String name, JsonNode node, String source) throws ArchiveException {
        if (!node.isObject()) {
            throw invalid(source, "扩展 " + name + " 应为对象", "the extension " + name + " must be an object");
        }
        JsonNode kindNode = node.get("kind");
        ExtensionKind kind;
        try {
            kind = kindNode == null ? ExtensionKind.OPTIONAL : ExtensionKind.valueOf(kindNode.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(source, "扩展 " + name + " 的 kind 应为 mandatory、optional 或 transient，而不是 " + kindNode,
                    "the kind of the extension " + name + " must be mandatory, optional or transient, not " + kindNode, e);
        }
        if (kind == ExtensionKind.MANDATORY && !KNOWN_EXTENSIONS.contains(name)) {
            throw invalid(source, "含有控制台不支持的必需扩展 " + name, "has the mandatory extension " + name
                    + ", which the console does not support");
        }
        int contents = 0;
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (key.equals("text") || key.equals("json") || key.equals("artifacts")) {
                contents++;
            } else if (!key.equals("kind")) {
                throw invalid(source, "扩展 " + name + " 含有不支持的字段 " + key, "the extension " + name + " has the unknown key " + key);
            }
        }
        if (contents != 1) {
            throw invalid(source, "扩展 " + name + " 应恰好含有 text、json、artifacts 之一",
                    "the extension " + name + " must have exactly one of text, json and artifacts");
        }
        if (node.has("text")) {
            JsonNode text = node.get("text");
            List<String> lines = new ArrayList<>();
            if (text.isArray()) {
                for (JsonNode line : text) {
                    if (!line.isTextual()) {
                        lines = null;
                        break;
                    }
                    lines.add(line.asText());
                }
            }
            if (lines == null || !text.isArray()) {
                throw invalid(source, "扩展 " + name + " 的 text 应为字符串列表（每行一项），如 [\"[1.0,2)\"]",
                        "the text of the extension " + name + " must be a list of strings (one per line), such as [\"[1.0,2)\"]");
            }
            return new FeatureExtension(name, kind, FeatureExtension.Type.TEXT, String.join("\n", lines), null, List.of());
        }
        if (node.has("json")) {
            if (!node.get("json").isObject()) {
                throw invalid(source, "扩展 " + name + " 的 json 应为对象", "the json of the extension " + name + " must be an object");
            }
            return new FeatureExtension(name, kind, FeatureExtension.Type.JSON, null, node.get("json").deepCopy(), List.of());
        }
        JsonNode artifacts = node.get("artifacts");
        if (!artifacts.isArray()) {
            throw invalid(source, "扩展 " + name + " 的 artifacts 应为列表", "the artifacts of the extension " + name + " must be a list");
        }
        List<ArtifactId> ids = new ArrayList<>();
        for (JsonNode artifact : artifacts) {
            if (!artifact.isObject() || !artifact.path("id").isTextual()) {
                throw invalid(source, "扩展 " + name + " 的 artifacts 中每一项应为含 id 的对象，而不是 " + artifact,
                        "each artifact of the extension " + name + " must be an object with an id, not " + artifact);
            }
            ids.add(artifactId(artifact.get("id").asText(), "扩展 " + name + " 中的标识", "an id in the extension " + name, source));
        }
        return new FeatureExtension(name, kind, FeatureExtension.Type.ARTIFACTS, null, null, List.copyOf(ids));
    }

    private static VersionRange apiRange(FeatureExtension api, String source) throws ArchiveException {
        String text = api.type() == FeatureExtension.Type.TEXT ? api.text().trim() : null;
        if (text == null || text.isEmpty() || text.contains("\n")) {
            throw new ArchiveException(Kind.API_RANGE_INVALID,
                    source + "：扩展 " + API_EXTENSION + " 应为一行文本，写明所需的 org.opsconsole.api 版本范围，如 [\"[1.0,2)\"]",
                    source + ": the extension " + API_EXTENSION + " must be one line of text, the org.opsconsole.api"
                            + " version range the feature needs, such as [\"[1.0,2)\"]");
        }
        VersionRange range;
        try {
            range = new VersionRange(text);
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(Kind.API_RANGE_INVALID,
                    source + "：所需的 org.opsconsole.api 版本范围 \"" + text + "\" 格式有误（应如 [1.0,2)）",
                    source + ": the org.opsconsole.api version range \"" + text + "\" is malformed (expected such as [1.0,2))", e);
        }
        if (range.getRight() == null) {
            throw new ArchiveException(Kind.API_RANGE_INVALID,
                    source + "：所需的 org.opsconsole.api 版本范围 \"" + text + "\" 没有上限，应写明不兼容的下一个主版本，如 [1.0,2)",
                    source + ": the org.opsconsole.api version range \"" + text + "\" has no upper bound; it must exclude the"
                            + " next, incompatible major version, such as [1.0,2)");
        }
        if (range.isEmpty()) {
            throw new ArchiveException(Kind.API_RANGE_INVALID,
                    source + "：所需的 org.opsconsole.api 版本范围 \"" + text + "\" 不含任何版本",
                    source + ": the org.opsconsole.api version range \"" + text + "\" contains no version");
        }
        return range;
    }

    private static String text(JsonNode root, String key, String source) throws ArchiveException {
        JsonNode node = root.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(source, key + " 应为文本", key + " must be text");
        }
        return node.asText();
    }

    private static ArtifactId artifactId(String text, String whatZh, String whatEn, String source) throws ArchiveException {
        try {
            return ArtifactId.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(source, whatZh + " \"" + text + "\" 无效（应为 group:artifact:version 等 Maven 坐标）",
                    whatEn + " \"" + text + "\" is not valid: " + e.getMessage(), e);
        }
    }

    private static ArchiveException invalid(String source, String zh, String en) {
        return invalid(source, zh, en, null);
    }

    private static ArchiveException invalid(String source, String zh, String en, Throwable cause) {
        return new ArchiveException(Kind.FEATURE_INVALID, source + "：" + zh, source + ": " + en, cause);
    }
}
