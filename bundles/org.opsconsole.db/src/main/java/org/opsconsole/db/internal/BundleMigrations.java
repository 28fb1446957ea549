package org.opsconsole.db.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.opsconsole.api.db.Database;
import org.osgi.framework.Bundle;

/**
 * Applies a bundle's migration scripts with Flyway, reading them from the bundle itself, and records them
 * in the module's own history table {@code <module>_schema_history}.
 */
final class BundleMigrations {

    /**
     * Held while a module's scripts run (and while {@link ModuleDatabase} records their digest), so that modules migrate
     * one after another.
     */
    static final Object MIGRATING = new Object();

    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    /** What a bundle's {@value Database#MIGRATIONS_HEADER} header says. */
    record Declaration(String module, String location) {
    }

    private BundleMigrations() {
    }

    /**
     * Reads the bundle's declaration: the header's folder and {@code module} attribute, the module name
     * defaulting to the last segment of the symbolic name. Without the header, the folder is null.
     *
     * @throws IllegalArgumentException when the module name is not lower-case letters, digits and underscores
     */
    static Declaration declaration(Bundle bundle) {
        String header = bundle.getHeaders("").get(Database.MIGRATIONS_HEADER);
        String name = bundle.getSymbolicName();
        String module = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace('-', '_');
        String location = null;
        if (header != null && !header.isBlank()) {
            String[] parts = header.split(";");
            location = trimSlashes(parts[0].trim());
            for (String attribute : Arrays.copyOfRange(parts, 1, parts.length)) {
                String[] pair = attribute.split("=", 2);
                if (pair.length == 2 && pair[0].trim().equals("module")) {
                    module = pair[1].trim().replace("\"", "");
                }
            }
        }
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name '" + module + "' of bundle " + name
                    + " must be lower-case letters, digits and underscores, at most 31 characters");
        }
        return new Declaration(module, location);
    }

    /**
     * Applies the pending scripts.
     *
     * @return how many scripts were applied now
     * @throws org.flywaydb.core.api.FlywayException when a script fails; its message names the script and the statement
     */
    static int apply(Bundle bundle, Declaration declaration, DataSource dataSource) {
        Flyway flyway = Flyway.configure(BundleMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .table(declaration.module() + "_schema_history")
                .locations("classpath:" + declaration.location())
                .resourceProvider(new BundleScripts(bundle, declaration.location()))
                .javaMigrationClassProvider(List::of)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .placeholderReplacement(false)
                .load();
        // one module's scripts at a time: on H2 a script's DDL needs the schema's lock, and modules starting together
        // would wait for each other's until the lock timeout and fail
        synchronized (MIGRATING) {
            MigrateResult result = flyway.migrate();
            return result.migrationsExecuted;
        }
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The scripts in one folder of a bundle, as Flyway resources. */
    static final class BundleScripts implements ResourceProvider {

        private final Bundle bundle;
        private final String folder;

        BundleScripts(Bundle bundle, String folder) {
            this.bundle = bundle;
            this.folder = folder;
        }

        @Override
        public LoadableResource getResource(String name) {
            URL entry = bundle.getEntry(folder + "/" + name);
            return entry == null ? null : new Script(entry, name);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> scripts = new ArrayList<>();
            Enumeration<URL> entries = bundle.findEntries(folder, prefix + "*", false);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String file = entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1);
                if (Arrays.stream(suffixes).anyMatch(file::endsWith)) {
                    scripts.add(new Script(entry, file));
                }
            }
            return scripts;
        }
    }

    /** One script: read from the bundle entry, in UTF-8. */
    static final class Script extends LoadableResource {

        private final URL entry;
        private final String file;

        Script(URL entry, String file) {
            this.entry = entry;
            this.file = file;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(entry.openStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration script " + entry, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return entry.toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return entry.toString();
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
