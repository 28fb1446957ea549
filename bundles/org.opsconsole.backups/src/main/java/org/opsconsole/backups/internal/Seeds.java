package org.opsconsole.backups.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets a new installation starts with (unless {@code opsconsole.backup.seed.targets=false}), each made once: the
 * console's database (every night at 2:00, before every module change) and its {@code conf/} folder, and — when the
 * sandbox runs — the simulated platform's database. Each expects a backup at least every 26 hours, and has a Chinese and
 * an English name.
 */
@Component(immediate = true)
public class Seeds {

    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);
    static final String SANDBOX = "sandbox-platform";

    /** The console's own database. */
    static final TargetStore.Input CONSOLE = new TargetStore.Input("控制台数据库", "Console database", TargetKind.CONSOLE.id(), Map.of(),
            "0 0 2 * * ?", 3, 7, 4, 6, 26, true, true);
    /** The console's {@code conf/} folder, when there is one. */
    static final TargetStore.Input CONFIGURATION = new TargetStore.Input("控制台配置文件", "Console configuration files",
            TargetKind.FILES.id(), Map.of("path", "conf"), "0 10 2 * * ?", 3, 7, 4, 6, 26, true, true);
    /** The sandbox's simulated platform database, when the sandbox runs. */
    static final TargetStore.Input SANDBOX_PLATFORM = new TargetStore.Input("模拟平台数据库", "Simulated platform database",
            TargetKind.DATABASE.id(), Map.of("dataSource", SANDBOX), "0 20 2 * * ?", 3, 7, 4, 6, 26, true, true);

    private final BackupService service;
    private final boolean enabled;

    /**
     * Every target a new installation may start with. Their names, kinds and settings are also in
     * V2__target_names_en.sql, which gives the targets seeded before it their English names: a change here belongs there
     * too (SeedsTest keeps them equal).
     *
     * @return the seeds
     */
    static List<TargetStore.Input> targets() {
        return List.of(CONSOLE, CONFIGURATION, SANDBOX_PLATFORM);
    }

    @Activate
    public Seeds(BundleContext context, @Reference BackupService service) {
        this.service = service;
        this.enabled = service.settings().seedTargets();
        if (enabled) {
            seed(CONSOLE);
            Path conf = Path.of(context.getProperty("opsconsole.home") == null ? "." : context.getProperty("opsconsole.home")).resolve("conf");
            if (Files.isDirectory(conf)) {
                seed(CONFIGURATION);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(opsconsole.datasource=" + SANDBOX + ")")
    void setSandbox(DataSource dataSource) {
        if (enabled) {
            seed(SANDBOX_PLATFORM);
        }
    }

    void unsetSandbox(DataSource dataSource) {
        // the target stays: its backups are still worth having
    }

    private void seed(TargetStore.Input input) {
        try {
            if (service.targets().seed(input)) {
                LOG.info("Backup target '{}' created", input.name());
                service.targetsChanged();
            }
        } catch (RuntimeException e) {
            LOG.error("The backup target '{}' could not be created: {}", input.name(), e.getMessage(), e);
        }
    }
}
