package org.opsconsole.modules.internal.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.opsconsole.modules.internal.archive.ArchiveException.Kind;
import org.osgi.framework.Version;

/**
 * Turns an uploaded file into the artifacts it holds, reading it as if it were hostile: nothing is trusted that the
 * reader has not counted or checked itself, and a refused upload leaves nothing behind in the work folder.
 *
 * <h2>What may be uploaded</h2>
 * The file's name decides what it must be:
 * <ul>
 * <li>{@code .jar}: a single OSGi bundle ({@code Bundle-ManifestVersion: 2} and a {@code Bundle-SymbolicName}).
 * It is copied into the work folder under its own name.</li>
 * <li>{@code .zip}: a feature archive, {@value #FEATURE_FILE} at the archive's root (see {@link FeatureDescriptor})
 * and exactly the bundle jars it names. The jar of the bundle {@code group:artifact:version} (classifier
 * {@code c}: {@code group:artifact:jar:c:version}) is either at the root, under its Maven file name
 * {@code artifact-version[-c].jar}, or in the Maven repository layout,
 * {@code group/as/folders/artifact/version/artifact-version[-c].jar} (what {@code mvn dependency:copy} and the
 * distribution's {@code system/} folder use). One of the two, not both. A named bundle without its jar, or a jar
 * (anywhere in the archive) that the feature does not name, refuses the upload. Other files (a README, licences) are
 * checked like every entry but not extracted. {@value #FEATURE_FILE} and the jars are extracted into the work folder
 * under their names in the archive.</li>
 * </ul>
 *
 * <h2>What is checked</h2>
 * For the upload and for each bundle jar (a jar is a zip the framework will read):
 * <ul>
 * <li>the size of the upload ({@link ArchiveLimits#maxUploadBytes()}), before anything is read;</li>
 * <li>the zip's layout ({@link ZipStructure}): one archive and nothing else, local headers that agree with the
 * directory, no overlapping entries, no symbolic links or special files;</li>
 * <li>every entry name: no {@code ..} or {@code .} segment, no empty segment (but the slashes that end a folder's
 * name), not absolute, no drive letter ({@code C:}), no backslash, no colon, no control character; each name once (a
 * folder entry {@code a/} and a file {@code a} are the same name; only a folder may be repeated, it holds nothing);</li>
 * <li>the limits of {@link ArchiveLimits}, first on the sizes the zip declares (to refuse early), then on the bytes
 * actually inflated, counted as they come out of the inflater, so that an entry that lies about its size is stopped
 * as soon as it passes a limit, not at its end;</li>
 * <li>each entry's CRC-32 and size against what the zip declares (a damaged archive);</li>
 * <li>that each jar is an OSGi bundle, with a valid symbolic name and version.</li>
 * </ul>
 * Signatures and trust are not checked here: that is {@code TrustVerifier}'s job, on the artifacts this returns.
 *
 * <p>Thread-safe: a reader holds only its limits; each call works in its own work folder.
 */
public final class ArchiveReader {

    /** The feature description at the root of a feature archive. */
    public static final String FEATURE_FILE = "feature.json";
    /** The manifest, by the exact name the framework reads it under. */
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** {@code feature.json} and manifests are read into memory: they may not be larger than this (4 MiB). */
    static final long SMALL_FILE_LIMIT = 4L << 20;

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final HexFormat HEX = HexFormat.of();

    private final ArchiveLimits limits;

    /** @param limits what an upload may hold */
    public ArchiveReader(ArchiveLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** @return the limits this reader enforces */
    public ArchiveLimits limits() {
        return limits;
    }

    /**
     * Reads an uploaded file into a work folder.
     *
     * @param upload the uploaded file; it is only read, never moved or changed
     * @param originalName the name the operator's file had (only the part after the last {@code /} or {@code \}
     *        counts; browsers of old sent whole paths)
     * @param workDir a folder for this upload alone: created when missing, and it must be empty when it exists.
     *        When the upload is refused it is emptied again (and removed if it was created here).
     * @return the feature archive or bundle jar, its files in {@code workDir}
     * @throws ArchiveException when the upload cannot be installed, saying why in words an operator understands
     * @throws IOException when the upload cannot be read or the work folder cannot be written (the server's fault,
     *         not the upload's)
     * @throws IllegalArgumentException when {@code workDir} exists and is not an empty folder
     */
    public Upload read(Path upload, String originalName, Path workDir) throws ArchiveException, IOException {
        String name = uploadName(originalName);
        long size = Files.size(upload);
        if (size > limits.maxUploadBytes()) {
            throw new ArchiveException(Kind.UPLOAD_TOO_LARGE,
                    name + " 大小为 " + bytes(size) + "，超过上传上限 " + bytes(limits.maxUploadBytes()),
                    name + " is " + bytes(size) + ", larger than the upload limit of " + bytes(limits.maxUploadBytes()));
        }
        boolean created = WorkFolder.prepare(workDir);
        try {
            Budget budget = new Budget(name);
            if (name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                Path target = workDir.resolve(storedName(name));
                String sha256;
                try (InputStream in = Files.newInputStream(upload);
                        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                    MessageDigest digest = sha256();
                    in.transferTo(new DigestOutputStream(out, digest));
                    sha256 = HEX.formatHex(digest.digest());
                }
                return new Upload.BundleJar(workDir, inspect(target, name, name, sha256, Files.size(target), budget));
            }
            return readFeature(upload, name, workDir, budget);
        } catch (Throwable e) {
            try {
                WorkFolder.clear(workDir, created);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Reads a bundle jar where it is (a repository's jar, a kept artifact) with the same checks as an uploaded one.
     *
     * @param jar the jar
     * @param name how to name it in messages and in {@link BundleArtifact#originalName()}
     * @return the bundle
     * @throws ArchiveException when it is not a sound bundle jar within the limits
     * @throws IOException when it cannot be read
     */
    public BundleArtifact readBundle(Path jar, String name) throws ArchiveException, IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(jar)) {
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        }
        return inspect(jar, name, name, HEX.formatHex(digest.digest()), Files.size(jar), new Budget(name));
    }

    private Upload readFeature(Path upload, String name, Path workDir, Budget budget) throws ArchiveException, IOException {
        List<String> names = ZipStructure.check(upload, name, limits.maxEntries());
        try (ZipFile zip = open(upload, name)) {
            List<ZipEntry> entries = entries(zip, names, name, budget);
            ZipEntry featureEntry = entries.stream().filter(e -> e.getName().equals(FEATURE_FILE)).findFirst().orElse(null);
            if (featureEntry == null) {
                String nested = names.stream().filter(n -> n.endsWith("/" + FEATURE_FILE)).findFirst().orElse(null);
                throw new ArchiveException(Kind.FEATURE_INVALID,
                        name + " 的根目录下没有 " + FEATURE_FILE + (nested == null ? "。特性包应在根目录含有 feature.json 及其列出的模块；单个模块请上传 .jar"
                                : "（它在 " + display(nested) + "，请压缩文件夹中的内容，而不是文件夹本身）"),
                        name + " has no " + FEATURE_FILE + " at its root" + (nested == null
                                ? ". A feature archive holds feature.json and the bundles it names; upload a single bundle as a .jar"
                                : " (it is at " + display(nested) + ": zip the folder's content, not the folder)"));
            }
            ByteArrayOutputStream featureBytes = new ByteArrayOutputStream();
            inflate(zip, featureEntry, featureBytes, budget, Math.min(SMALL_FILE_LIMIT, limits.maxEntryBytes()), name);
            FeatureDescriptor feature = FeatureDescriptor.parse(featureBytes.toByteArray(), FEATURE_FILE + " (" + name + ")");

            List<ZipEntry> chosen = bundleEntries(feature, entries, name);
            Path featureFile = workDir.resolve(FEATURE_FILE);
            Files.write(featureFile, featureBytes.toByteArray(), StandardOpenOption.CREATE_NEW);
            Map<ZipEntry, String> hashes = new HashMap<>();
            Map<ZipEntry, Long> sizes = new HashMap<>();
            for (ZipEntry entry : entries) {
                if (entry == featureEntry) {
                    continue;
                }
                if (!chosen.contains(entry)) {
                    inflate(zip, entry, null, budget, limits.maxEntryBytes(), name);
                    continue;
                }
                Path target = extractionTarget(workDir, entry.getName());
                Files.createDirectories(target.getParent());
                MessageDigest digest = sha256();
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                    inflate(zip, entry, new DigestOutputStream(out, digest), budget, limits.maxEntryBytes(), name);
                } catch (FileAlreadyExistsException e) {
                    throw new ArchiveException(Kind.DUPLICATE_ENTRY,
                            name + " 中的 " + display(entry.getName()) + " 与另一个条目名称相同（仅大小写不同）",
                            name + ": " + display(entry.getName()) + " has the same name as another entry but for case", e);
                }
                hashes.put(entry, HEX.formatHex(digest.digest()));
                sizes.put(entry, Files.size(target));
            }

            List<BundleArtifact> artifacts = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            for (ZipEntry entry : chosen) {
                String display = display(entry.getName()) + " (" + name + ")";
                BundleArtifact artifact = inspect(workDir.resolve(entry.getName()), entry.getName(), display,
                        hashes.get(entry), sizes.get(entry), budget);
                String earlier = seen.putIfAbsent(artifact.displayName(), entry.getName());
                if (earlier != null) {
                    throw new ArchiveException(Kind.DUPLICATE_BUNDLE,
                            name + " 中的 " + display(earlier) + " 与 " + display(entry.getName()) + " 是同一个模块 "
                                    + artifact.displayName(),
                            name + ": " + display(earlier) + " and " + display(entry.getName()) + " are the same bundle, "
                                    + artifact.displayName());
                }
                artifacts.add(artifact);
            }
            return new Upload.FeatureArchive(workDir, featureFile, feature, artifacts);
        }
    }

    /** The archive entry of each bundle the feature names, in the feature's order; every jar must be one of them. */
    private static List<ZipEntry> bundleEntries(FeatureDescriptor feature, List<ZipEntry> entries, String name)
            throws ArchiveException {
        Map<String, ZipEntry> jars = new LinkedHashMap<>();
        for (ZipEntry entry : entries) {
            if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                jars.put(entry.getName(), entry);
            }
        }
        List<ZipEntry> chosen = new ArrayList<>();
        for (FeatureDescriptor.FeatureBundle bundle : feature.bundles()) {
            String atRoot = bundle.id().fileName("jar");
            String inRepository = bundle.id().repositoryPath("jar");
            ZipEntry root = jars.get(atRoot);
            ZipEntry repository = jars.get(inRepository);
            if (root != null && repository != null) {
                throw new ArchiveException(Kind.DUPLICATE_BUNDLE,
                        name + " 中模块 " + bundle.id() + " 出现了两次：" + atRoot + " 和 " + inRepository,
                        name + " holds the bundle " + bundle.id() + " twice: " + atRoot + " and " + inRepository);
            }
            if (root == null && repository == null) {
                throw new ArchiveException(Kind.BUNDLE_MISSING,
                        "特性列出了模块 " + bundle.id() + "，但 " + name + " 中没有它（应为根目录下的 " + atRoot + " 或 "
                                + inRepository + "）",
                        "the feature names the bundle " + bundle.id() + ", but " + name + " does not hold it (expected "
                                + atRoot + " at the root, or " + inRepository + ")");
            }
            chosen.add(root != null ? root : repository);
        }
        Set<String> unnamed = new LinkedHashSet<>(jars.keySet());
        chosen.forEach(entry -> unnamed.remove(entry.getName()));
        if (!unnamed.isEmpty()) {
            String list = String.join(", ", unnamed.stream().limit(5).map(ArchiveReader::display).toList())
                    + (unnamed.size() > 5 ? " …" : "");
            throw new ArchiveException(Kind.JAR_NOT_NAMED,
                    name + " 中的 " + list + " 未被 feature.json 列出；特性包中的每个 jar 都必须在 bundles 中列出",
                    name + " holds " + list + ", which feature.json does not name; every jar in a feature archive"
                            + " must be one of its bundles");
        }
        return chosen;
    }

    /** Checks a jar as a zip and as a bundle; every entry is inflated (and counted), the manifest is kept. */
    private BundleArtifact inspect(Path jar, String originalName, String display, String sha256, long size, Budget budget)
            throws ArchiveException, IOException {
        List<String> names = ZipStructure.check(jar, display, limits.maxEntries());
        byte[] manifestBytes = null;
        try (ZipFile zip = open(jar, display)) {
            for (ZipEntry entry : entries(zip, names, display, budget)) {
                if (entry.getName().equals(MANIFEST)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    inflate(zip, entry, bytes, budget, Math.min(SMALL_FILE_LIMIT, limits.maxEntryBytes()), display);
                    manifestBytes = bytes.toByteArray();
                } else {
                    inflate(zip, entry, null, budget, limits.maxEntryBytes(), display);
                }
            }
        }
        if (manifestBytes == null) {
            throw notABundle(display, "没有清单文件 " + MANIFEST, "has no manifest (" + MANIFEST + ")", null);
        }
        Attributes main;
        try {
            main = new Manifest(new ByteArrayInputStream(manifestBytes)).getMainAttributes();
        } catch (IOException e) {
            throw notABundle(display, "的清单无法读取：" + e.getMessage(), "has a manifest that cannot be read: " + e.getMessage(), e);
        }
        String manifestVersion = main.getValue("Bundle-ManifestVersion");
        String symbolicNameHeader = main.getValue("Bundle-SymbolicName");
        if (manifestVersion == null || !manifestVersion.trim().equals("2") || symbolicNameHeader == null
                || symbolicNameHeader.isBlank()) {
            throw notABundle(display, "的清单中缺少 Bundle-SymbolicName 或 Bundle-ManifestVersion: 2",
                    "has no Bundle-SymbolicName or no Bundle-ManifestVersion: 2 in its manifest", null);
        }
        int semicolon = symbolicNameHeader.indexOf(';');
        String symbolicName = (semicolon < 0 ? symbolicNameHeader : symbolicNameHeader.substring(0, semicolon)).trim();
        if (!SYMBOLIC_NAME.matcher(symbolicName).matches()) {
            throw notABundle(display, "的 Bundle-SymbolicName \"" + display(symbolicName) + "\" 无效",
                    "has the invalid Bundle-SymbolicName \"" + display(symbolicName) + "\"", null);
        }
        Version version;
        try {
            version = Version.parseVersion(main.getValue("Bundle-Version"));
        } catch (IllegalArgumentException e) {
            throw notABundle(display, "的 Bundle-Version \"" + display(main.getValue("Bundle-Version")) + "\" 不是 OSGi 版本号",
                    "has the Bundle-Version \"" + display(main.getValue("Bundle-Version")) + "\", which is not an OSGi version", e);
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        main.forEach((key, value) -> manifest.put(key.toString(), value.toString()));
        return new BundleArtifact(jar, originalName, sha256, size, symbolicName, version, manifest);
    }

    /**
     * The zip's entries in directory order, after checking that the JDK reads the same names as {@link ZipStructure},
     * that each name is safe and unique, and that the declared sizes are within the limits.
     */
    private List<ZipEntry> entries(ZipFile zip, List<String> names, String display, Budget budget) throws ArchiveException {
        List<ZipEntry> entries = new ArrayList<>(names.size());
        zip.stream().forEach(entries::add);
        if (entries.size() != names.size()) {
            throw new ArchiveException(Kind.CORRUPT, display + " 的目录无法一致地读取", display + " has a directory that reads inconsistently");
        }
        Set<String> seen = new HashSet<>();
        Set<String> folders = new HashSet<>();
        long declared = 0;
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).getName();
            if (!name.equals(names.get(i))) {
                throw new ArchiveException(Kind.CORRUPT, display + " 的目录无法一致地读取", display + " has a directory that reads inconsistently");
            }
            if (!isSafeName(name)) {
                throw new ArchiveException(Kind.UNSAFE_ENTRY_NAME,
                        display + " 含有不安全的条目名称 \"" + display(name) + "\"（不允许 ..、绝对路径、盘符、反斜杠、冒号或控制字符）",
                        display + " has the unsafe entry name \"" + display(name)
                                + "\" (.., absolute paths, drive letters, backslashes, colons and control characters are not allowed)");
            }
            String key = withoutTrailingSlashes(name);
            // a folder entry given twice ("a/" and "a//", as in some webjars) holds nothing; any other repeat may
            // show one content to one reader and another to the next
            boolean repeatedFolder = name.endsWith("/") && folders.contains(key);
            if (name.endsWith("/")) {
                folders.add(key);
            }
            if (!seen.add(key) && !repeatedFolder) {
                throw new ArchiveException(Kind.DUPLICATE_ENTRY,
                        display + " 含有两个名为 \"" + display(key) + "\" 的条目",
                        display + " has two entries named \"" + display(key) + "\"");
            }
            long size = entries.get(i).getSize();
            if (size > limits.maxEntryBytes()) {
                throw entryTooLarge(display, name, limits.maxEntryBytes());
            }
            declared += Math.max(0, size);
        }
        if (declared > budget.remaining()) {
            throw budget.exceeded();
        }
        return entries;
    }

    /**
     * Inflates an entry into {@code out} (null: only checked), counting every byte as it comes: the entry is stopped
     * as soon as it passes a limit, whatever size it declares. Then its size and CRC-32 must match the declared ones.
     */
    private void inflate(ZipFile zip, ZipEntry entry, OutputStream out, Budget budget, long entryLimit, String display)
            throws ArchiveException, IOException {
        String name = entry.getName();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        long compressed = Math.max(1, entry.getCompressedSize());
        try (InputStream in = openEntry(zip, entry, display)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw damaged(display, name, e);
                }
                if (n < 0) {
                    break;
                }
                count += n;
                if (count > entryLimit) {
                    throw entryTooLarge(display, name, entryLimit);
                }
                if (count > ArchiveLimits.RATIO_GRACE_BYTES && count > (long) limits.maxCompressionRatio() * compressed) {
                    throw new ArchiveException(Kind.COMPRESSION_RATIO,
                            display + " 中的 " + display(name) + " 解压后超过压缩大小的 " + limits.maxCompressionRatio()
                                    + " 倍（" + bytes(compressed) + " 解压出超过 " + bytes(count) + "），疑似 ZIP 炸弹",
                            display + ": " + display(name) + " expands to more than " + limits.maxCompressionRatio()
                                    + " times its compressed size (" + bytes(compressed) + " to over " + bytes(count)
                                    + "), like a zip bomb");
                }
                budget.spend(n);
                crc.update(buffer, 0, n);
                if (out != null) {
                    out.write(buffer, 0, n);
                }
            }
        }
        if (entry.getSize() >= 0 && count != entry.getSize()) {
            throw new ArchiveException(Kind.CORRUPT,
                    display + " 中的 " + display(name) + " 已损坏（声明 " + entry.getSize() + " 字节，实际 " + count + " 字节）",
                    display + ": " + display(name) + " is damaged (it declares " + entry.getSize() + " bytes but holds "
                            + count + ")");
        }
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
            throw new ArchiveException(Kind.CORRUPT,
                    display + " 中的 " + display(name) + " 已损坏（校验和不符）",
                    display + ": " + display(name) + " is damaged (its checksum does not match)");
        }
    }

    private static InputStream openEntry(ZipFile zip, ZipEntry entry, String display) throws ArchiveException {
        try {
            return zip.getInputStream(entry);
        } catch (IOException e) {
            throw damaged(display, entry.getName(), e);
        }
    }

    private static ZipFile open(Path file, String display) throws ArchiveException, IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ArchiveException(Kind.CORRUPT, display + " 不是有效的 ZIP 文件：" + e.getMessage(),
                    display + " is not a valid zip file: " + e.getMessage(), e);
        }
    }

    /**
     * Whether an entry name stays inside the folder it is extracted to on every platform: relative, no {@code ..},
     * {@code .} or empty segment (trailing slashes mark a folder), no drive letter, backslash, colon or control
     * character.
     */
    static boolean isSafeName(String name) {
        if (name.isEmpty() || name.startsWith("/") || DRIVE.matcher(name).matches()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ':' || c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        String path = withoutTrailingSlashes(name);
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** A folder entry's name without the slashes that end it ({@code a/}, and {@code a//} as some tools write it). */
    private static String withoutTrailingSlashes(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '/') {
            end--;
        }
        return name.substring(0, end);
    }

    private static Path extractionTarget(Path workDir, String name) throws ArchiveException {
        Path root = workDir.toAbsolutePath().normalize();
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            // isSafeName already refused such names; this is the second lock on the same door
            throw new ArchiveException(Kind.UNSAFE_ENTRY_NAME, "条目 \"" + display(name) + "\" 会写到工作目录之外",
                    "the entry \"" + display(name) + "\" would be written outside the work folder");
        }
        return target;
    }

    /** The upload's file name: the part after the last slash or backslash; it must end in .zip or .jar. */
    static String uploadName(String originalName) throws ArchiveException {
        String name = originalName == null ? "" : originalName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !(lower.endsWith(".zip") || lower.endsWith(".jar")) || lower.length() == 4) {
            String shown = name.isEmpty() ? "（无名称）" : display(name);
            throw new ArchiveException(Kind.UNSUPPORTED_FILE,
                    "只能安装特性包（.zip）或模块（.jar），" + shown + " 两者都不是",
                    "only feature archives (.zip) and bundles (.jar) can be installed; "
                            + (name.isEmpty() ? "(no name)" : display(name)) + " is neither");
        }
        return display(name);
    }

    /** The name a single jar is stored under: letters, digits, {@code . - _ +}; anything else becomes {@code _}. */
    static String storedName(String name) {
        String stored = name.replaceAll("[^\\p{L}\\p{N}._+-]", "_");
        return stored.startsWith(".") ? "_" + stored : stored;
    }

    /** A name as shown in messages: control characters replaced, at most 200 characters. */
    static String display(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < name.length() && shown.length() < 200; i++) {
            char c = name.charAt(i);
            shown.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return name.length() > 200 ? shown + "…" : shown.toString();
    }

    /** A size for people: {@code 200 MB}, {@code 1.5 MB}, {@code 512 KB}, {@code 10 B} (1024-based). */
    static String bytes(long bytes) {
        if (bytes >= 1L << 20) {
            return bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MB" : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return bytes % (1L << 10) == 0 ? bytes / (1L << 10) + " KB" : String.format(Locale.ROOT, "%.1f KB", bytes / (double) (1L << 10));
        }
        return bytes + " B";
    }

    private static ArchiveException entryTooLarge(String display, String name, long limit) {
        return new ArchiveException(Kind.ENTRY_TOO_LARGE,
                display + " 中的 " + display(name) + " 解压后超过单个文件上限 " + bytes(limit),
                display + ": " + display(name) + " expands past the limit of " + bytes(limit) + " for one file");
    }

    private static ArchiveException damaged(String display, String name, IOException cause) {
        return new ArchiveException(Kind.CORRUPT,
                display + " 中的 " + display(name) + " 已损坏：" + cause.getMessage(),
                display + ": " + display(name) + " is damaged: " + cause.getMessage(), cause);
    }

    private static ArchiveException notABundle(String display, String zh, String en, Throwable cause) {
        return new ArchiveException(Kind.NOT_A_BUNDLE, display + " 不是 OSGi 模块：它" + zh,
                display + " is not an OSGi bundle: it " + en, cause);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The bytes one upload may still inflate, shared by the archive and the jars in it. */
    private final class Budget {

        private final String upload;
        private long spent;

        Budget(String upload) {
            this.upload = upload;
        }

        long remaining() {
            return limits.maxExpandedBytes() - spent;
        }

        void spend(long n) throws ArchiveException {
            spent += n;
            if (spent > limits.maxExpandedBytes()) {
                throw exceeded();
            }
        }

        ArchiveException exceeded() {
            return new ArchiveException(Kind.EXPANDS_TOO_MUCH,
                    upload + " 解压后的总大小超过上限 " + bytes(limits.maxExpandedBytes()) + "，疑似 ZIP 炸弹",
                    upload + " expands past the limit of " + bytes(limits.maxExpandedBytes()) + " in all, like a zip bomb");
        }
    }
}
