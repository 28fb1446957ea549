package org.opsconsole.backups.internal;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * sandbox runs — the simulated platform's database. Each expects a backup at least every 26 hours.
 */
@Component(immediate = true)
public class Seeds {

    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);
    static final String SANDBOX = "sandbox-platform";

    private final BackupService service;
    private final boolean enabled;

    @Activate
    public Seeds(BundleContext context, @Reference BackupService service) {
        this.service = service;
        this.enabled = service.settings().seedTargets();
        if (enabled) {
            seed(new TargetStore.Input("控制台数据库", TargetKind.CONSOLE.id(), Map.of(), "0 0 2 * * ?", 3, 7, 4, 6, 26, true, true));
            Path conf = Path.of(context.getProperty("opsconsole.home") == null ? "." : context.getProperty("opsconsole.home")).resolve("conf");
            if (Files.isDirectory(conf)) {
                seed(new TargetStore.Input("控制台配置文件", TargetKind.FILES.id(), Map.of("path", "conf"), "0 10 2 * * ?", 3, 7, 4, 6, 26, true,
                        true));
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(opsconsole.datasource=" + SANDBOX + ")")
    void setSandbox(DataSource dataSource) {
        if (enabled) {
            seed(new TargetStore.Input("模拟平台数据库", TargetKind.DATABASE.id(), Map.of("dataSource", SANDBOX), "0 20 2 * * ?", 3, 7, 4, 6,
                    26, true, true));
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
