package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;

/**
 * Makes and migrates the simulated platform's tables from the scripts in this bundle's {@value #FOLDER} folder, with
 * Flyway, recording them in the platform database's own history table {@value #HISTORY}.
 */
final class PlatformSchema {

    static final String FOLDER = "platform/migration";
    static final String HISTORY = "platform_schema_history";

    private PlatformSchema() {
    }

    /**
     * Applies the scripts not applied yet.
     *
     * @param dataSource the platform database
     * @param scripts the scripts by file name
     * @return how many scripts were applied now
     * @throws org.flywaydb.core.api.FlywayException when a script fails; its message names the script and the statement
     */
    static int migrate(DataSource dataSource, Map<String, URL> scripts) {
        Flyway flyway = Flyway.configure(PlatformSchema.class.getClassLoader())
                .dataSource(dataSource)
                .table(HISTORY)
                .locations("classpath:" + FOLDER)
                .resourceProvider(new Scripts(scripts))
                .javaMigrationClassProvider(List::of)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .placeholderReplacement(false)
                .load();
        return flyway.migrate().migrationsExecuted;
    }

    /** @return the scripts in the bundle's {@value #FOLDER} folder, by file name */
    static Map<String, URL> inBundle(Bundle bundle) {
        Map<String, URL> scripts = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries(FOLDER, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            scripts.put(entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1), entry);
        }
        return scripts;
    }

    /**
     * @param loader a class loader whose {@value #FOLDER} is a folder of files (as in tests, outside OSGi)
     * @return the scripts there, by file name
     * @throws IOException when the folder cannot be listed
     */
    static Map<String, URL> onClassPath(ClassLoader loader) throws IOException {
        URL folder = loader.getResource(FOLDER);
        if (folder == null || !folder.getProtocol().equals("file")) {
            throw new IOException(FOLDER + " is not a folder on the class path");
        }
        Map<String, URL> scripts = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                scripts.put(file.getFileName().toString(), file.toUri().toURL());
            }
        } catch (URISyntaxException e) {
            throw new IOException(folder + " is not a file address", e);
        }
        return scripts;
    }

    /** The scripts as Flyway resources. */
    private static final class Scripts implements ResourceProvider {

        private final Map<String, URL> scripts;

        Scripts(Map<String, URL> scripts) {
            this.scripts = scripts;
        }

        @Override
        public LoadableResource getResource(String name) {
            URL url = scripts.get(name);
            return url == null ? null : new Script(url, name);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            scripts.forEach((name, url) -> {
                if (name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith)) {
                    found.add(new Script(url, name));
                }
            });
            return found;
        }
    }

    /** One script, read in UTF-8. */
    private static final class Script extends LoadableResource {

        private final URL url;
        private final String file;

        Script(URL url, String file) {
            this.url = url;
            this.file = file;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the platform script " + url, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return url.toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.toString();
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
