package org.opsconsole.backups.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.opsconsole.backups.internal.engine.Sealing;
import org.osgi.framework.BundleContext;

/**
 * The backup module's settings, from the console's settings ({@code conf/opsconsole.properties}, or
 * {@code OPSCONSOLE_BACKUP_*} environment variables); not changeable from the console:
 * <ul>
 * <li>{@code opsconsole.backup.repository} ({@code <data>/backups/repository}): the backup repository's folder;</li>
 * <li>{@code opsconsole.backup.scratch} ({@code <data>/backups/scratch}): where scratch H2 databases and folders are
 * restored;</li>
 * <li>{@code opsconsole.backup.threads} (2): tables dumped, restored or checked at once;</li>
 * <li>{@code opsconsole.backup.compression} (1): the deflate level, 0 (none) to 9 (smallest, slowest);</li>
 * <li>{@code opsconsole.backup.cipher} ({@code AES-256-GCM}): the cipher of new backups, or {@code SM4-GCM} (国密 SM4,
 * through Bouncy Castle);</li>
 * <li>{@code opsconsole.backup.upgrade.modules} ({@code *}): the modules whose changes need a backup first —
 * feature ids or bundle symbolic names, comma-separated, {@code *} as a wildcard; empty for none;</li>
 * <li>{@code opsconsole.backup.upgrade.max.age.minutes} (30): a backup completed this recently is used instead of
 * taking a new one before a module change (0: always a new one);</li>
 * <li>{@code opsconsole.backup.verify.cron} ({@code 0 30 3 * * ?}): when the latest backup of every target is verified
 * by a restore into a scratch database;</li>
 * <li>{@code opsconsole.backup.seed.targets} (true): create the default targets at first start.</li>
 * </ul>
 *
 * @param repository the repository folder
 * @param scratch the scratch folder
 * @param threads tables done at once
 * @param compression the deflate level
 * @param cipher the cipher of new backups
 * @param upgradeModules the patterns of the modules whose changes need a backup first
 * @param upgradeMaxAge how recent a backup may be used before a module change
 * @param verifyCron when the verification job runs
 * @param seedTargets whether to create the default targets
 */
public record BackupSettings(Path repository, Path scratch, int threads, int compression, Sealing.Algorithm cipher,
        List<Pattern> upgradeModules,
        Duration upgradeMaxAge, String verifyCron, boolean seedTargets) {

    /**
     * @param context the module's bundle context
     * @return the settings the console was started with
     */
    public static BackupSettings of(BundleContext context) {
        return of(context::getProperty);
    }

    /**
     * @param property the console's settings by name
     * @return the settings, defaults for what is not set or not valid
     */
    public static BackupSettings of(UnaryOperator<String> property) {
        Path data = Path.of(text(property, "opsconsole.data", "data"));
        String modules = property.apply("opsconsole.backup.upgrade.modules");
        return new BackupSettings(
                Path.of(text(property, "opsconsole.backup.repository", data.resolve("backups/repository").toString())),
                Path.of(text(property, "opsconsole.backup.scratch", data.resolve("backups/scratch").toString())),
                number(property, "opsconsole.backup.threads", 2, 1, 16),
                number(property, "opsconsole.backup.compression", 1, 0, 9),
                Sealing.Algorithm.named(property.apply("opsconsole.backup.cipher")).orElse(Sealing.Algorithm.AES_256_GCM),
                globs(modules == null ? "*" : modules),
                Duration.ofMinutes(number(property, "opsconsole.backup.upgrade.max.age.minutes", 30, 0, 7 * 24 * 60)),
                text(property, "opsconsole.backup.verify.cron", "0 30 3 * * ?"),
                !"false".equalsIgnoreCase(text(property, "opsconsole.backup.seed.targets", "true")));
    }

    /** @return whether a change of this feature or these bundles needs a backup first */
    public boolean upgradeNeedsBackup(String featureId, List<String> bundles) {
        return upgradeModules.stream().anyMatch(p -> p.matcher(featureId).matches() || bundles.stream().anyMatch(b -> p.matcher(b).matches()));
    }

    static List<Pattern> globs(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(glob -> Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                        .reduce((a, b) -> a + ".*" + b).orElse(""), Pattern.CASE_INSENSITIVE))
                .toList();
    }

    private static String text(UnaryOperator<String> property, String name, String fallback) {
        String value = property.apply(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int number(UnaryOperator<String> property, String name, int fallback, int min, int max) {
        String value = property.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip().toLowerCase(Locale.ROOT));
            return number < min || number > max ? fallback : number;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
