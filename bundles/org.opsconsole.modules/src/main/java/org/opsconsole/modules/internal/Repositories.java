package org.opsconsole.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.archive.ArtifactId;
import org.opsconsole.modules.internal.archive.FeatureDescriptor;

/**
 * Feature repositories in the Maven layout the plugin manager installs from by feature id: the distribution's own
 * {@code system/} folder, other folders, and HTTP(S) Maven repositories such as the bureau's internal one
 * ({@code opsconsole.plugins.repositories}: comma-separated, {@code system} for the distribution's folder; default
 * {@code system}). A feature is fetched with the bundles it names into one feature archive (Maven layout inside), which
 * then goes through exactly the checks of an upload: limits, trust, plan. Each download is limited to the upload limit.
 * The jars of the distribution's own {@code system/} folder count as allow-listed (whoever can change that folder can
 * change the console itself); those of any other repository must be signed or allow-listed like an upload.
 */
final class Repositories {

    /**
     * What was fetched: the archive, the repository it came from, and the SHA-256 of each jar when the repository is
     * the distribution's own {@code system/} folder (which the console itself is installed from, so its jars are as
     * trusted as the core; empty for any other repository).
     */
    record Fetched(Path archive, String repository, java.util.Set<String> installationJars) {
    }

    /** The feature is in none of the repositories (or a bundle it names is missing there). */
    static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    private final List<String> repositories;
    private final Path home;
    private final long maxBytes;
    /** Made at the first download from an HTTP(S) repository: a client loads the TLS trust store, a tenth of a start. */
    private HttpClient http;

    Repositories(String setting, Path home, long maxBytes) {
        List<String> list = new ArrayList<>();
        for (String entry : (setting == null || setting.isBlank() ? "system" : setting).split(",")) {
            if (!entry.isBlank()) {
                list.add(entry.trim());
            }
        }
        this.repositories = List.copyOf(list);
        this.home = home;
        this.maxBytes = maxBytes;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    List<String> names() {
        return repositories;
    }

    /**
     * Fetches a feature and its bundles from the first repository that has the feature.
     *
     * @param id the feature id, {@code group:artifact[:json]:version}
     * @param folder an empty folder for the archive
     */
    Fetched fetch(ArtifactId id, Path folder) throws NotFoundException, IOException, ArchiveException {
        for (String repository : repositories) {
            byte[] json = read(repository, id.repositoryPath("json"));
            if (json == null) {
                continue;
            }
            FeatureDescriptor feature = FeatureDescriptor.parse(json, id.toString());
            Files.createDirectories(folder);
            Path archive = folder.resolve(id.artifactId() + "-" + id.version() + ".zip");
            long total = json.length;
            java.util.Set<String> installationJars = new java.util.HashSet<>();
            try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.putNextEntry(new ZipEntry("feature.json"));
                zip.write(json);
                zip.closeEntry();
                for (FeatureDescriptor.FeatureBundle bundle : feature.bundles()) {
                    String path = bundle.id().repositoryPath("jar");
                    byte[] jar = read(repository, path);
                    if (jar == null) {
                        throw new NotFoundException("the bundle " + bundle.id() + " of " + id + " is not in " + repository);
                    }
                    total += jar.length;
                    if (total > maxBytes) {
                        throw new IOException(id + " and its bundles are larger than the upload limit of " + maxBytes + " bytes");
                    }
                    zip.putNextEntry(new ZipEntry(path));
                    zip.write(jar);
                    zip.closeEntry();
                    if (repository.equals("system")) {
                        installationJars.add(sha256(jar));
                    }
                }
            }
            return new Fetched(archive, repository, java.util.Set.copyOf(installationJars));
        }
        throw new NotFoundException(id + " is in none of the repositories " + repositories);
    }

    /** A file of a repository; null when the repository does not have it. */
    private byte[] read(String repository, String path) throws IOException {
        if (repository.startsWith("http://") || repository.startsWith("https://")) {
            URI uri = URI.create(repository.endsWith("/") ? repository + path : repository + "/" + path);
            try {
                HttpResponse<InputStream> answer = http().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = answer.body()) {
                    if (answer.statusCode() == 404) {
                        return null;
                    }
                    if (answer.statusCode() != 200) {
                        throw new IOException(uri + " answered " + answer.statusCode());
                    }
                    return limited(in, uri.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + uri, e);
            }
        }
        Path root = repository.equals("system") ? home.resolve("system") : home.resolve(repository);
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return limited(in, file.toString());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private byte[] limited(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new IOException(what + " is larger than the upload limit of " + maxBytes + " bytes");
        }
        return bytes;
    }
}
