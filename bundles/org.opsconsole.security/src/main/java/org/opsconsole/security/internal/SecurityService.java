package org.opsconsole.security.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity and access: accounts, sign-in with lockout, sessions, the permissions modules declare, the
 * first start's accounts, and the audit records of all of it.
 */
@Component(service = SecurityService.class, configurationPid = "org.opsconsole.security")
@Designate(ocd = SecurityService.Config.class)
public class SecurityService {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityService.class);

    @ObjectClassDefinition(name = "opsconsole sign-in", description = "登录与会话 / Sign-in and sessions")
    public @interface Config {
        @AttributeDefinition(name = "Failed sign-ins before lockout", min = "1")
        int maxFailedLogins() default 5;

        @AttributeDefinition(name = "Lockout (minutes)", min = "1")
        int lockoutMinutes() default 15;

        @AttributeDefinition(name = "Idle timeout (minutes)", description = "A session unused this long ends", min = "1")
        int idleTimeoutMinutes() default 30;
    }

    /** The first start's accounts: name, display name, role. */
    static final List<String[]> INITIAL = List.of(
            new String[] {"admin", "系统管理员", Role.SYSADMIN.id},
            new String[] {"secadmin", "安全管理员", Role.SECADMIN.id},
            new String[] {"auditor", "审计员", Role.AUDITOR.id});

    private final Accounts accounts;
    private final Duration idleTimeout;
    private final BundleContext context;
    private final List<PermissionProvider> providers = new CopyOnWriteArrayList<>();
    private volatile AuditLog audit;

    @Activate
    public SecurityService(BundleContext context, @Reference Database database, Config config) {
        this.context = context;
        this.accounts = new Accounts(database, config.maxFailedLogins(), Duration.ofMinutes(config.lockoutMinutes()));
        this.idleTimeout = Duration.ofMinutes(config.idleTimeoutMinutes());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(PermissionProvider provider) {
        providers.add(provider);
    }

    void removeProvider(PermissionProvider provider) {
        providers.remove(provider);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAudit(AuditLog log) {
        this.audit = log;
    }

    void unsetAudit(AuditLog log) {
        if (this.audit == log) {
            this.audit = null;
        }
    }

    Accounts accounts() {
        return accounts;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** Every permission the running modules declare, by name. */
    Map<String, PermissionDefinition> permissions() {
        Map<String, PermissionDefinition> all = new LinkedHashMap<>();
        for (PermissionProvider provider : providers) {
            try {
                provider.permissions().forEach(p -> all.putIfAbsent(p.name(), p));
            } catch (RuntimeException e) {
                LOG.warn("A module's permission list could not be read: {}", e.getMessage());
            }
        }
        return all;
    }

    CurrentUser user(Accounts.Account account) {
        Set<String> extra = new HashSet<>();
        for (Role role : account.roles()) {
            extra.addAll(accounts.extraGrants(role));
        }
        return new CurrentUser(account.name(), account.displayName(), account.roles(), extra, permissions().keySet());
    }

    /** Records an audit event; without the audit module, the log keeps it. */
    void audit(String actor, String source, String action, String target, AuditEvent.Outcome outcome, String detail) {
        AuditEvent event = new AuditEvent(actor, source, action, target, outcome, detail);
        AuditLog log = audit;
        if (log != null) {
            log.record(event);
        } else {
            LOG.info("audit: {}", event);
        }
    }

    /**
     * Creates the first accounts when there are none: admin (system administrator), secadmin (security
     * administrator) and auditor, with one-time passwords from {@code opsconsole.admin.password},
     * {@code opsconsole.secadmin.password}, {@code opsconsole.auditor.password} (the environment variables
     * OPSCONSOLE_ADMIN_PASSWORD, ...) or random ones, written once to the terminal and to
     * {@code <data>/initial-passwords.txt} (readable by the owner only). Each must be changed at first sign-in.
     */
    void createInitialAccounts() throws java.io.IOException {
        if (!accounts.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String[] initial : INITIAL) {
            String given = context.getProperty("opsconsole." + initial[0] + ".password");
            String password = given == null || given.isBlank() ? Passwords.generate() : given;
            if (!Passwords.check(initial[0], password).isEmpty()) {
                throw new IllegalArgumentException("the password given for " + initial[0]
                        + " does not meet the password policy (at least 12 characters, three kinds, not the name)");
            }
            try {
                accounts.create(initial[0], initial[1], password, Set.of(Role.byId(initial[2]).orElseThrow()));
            } catch (RuntimeException e) {
                if (accounts.find(initial[0]).isPresent()) {
                    return; // another console node created the accounts at the same time
                }
                throw e;
            }
            audit("system", "first start", "user.create", initial[0], AuditEvent.Outcome.SUCCESS, "initial account, role " + initial[2]);
            lines.add(String.format("  %-9s %s%s", initial[0], given == null || given.isBlank() ? password : "(given in the environment)",
                    ""));
        }
        String text = "opsconsole 首次启动：以下账号的一次性密码（首次登录时须修改）\n"
                + "opsconsole first start: one-time passwords (each must be changed at first sign-in)\n"
                + String.join("\n", lines) + "\n";
        Path data = Path.of(Optional.ofNullable(context.getProperty("opsconsole.data")).orElse("data"));
        Path file = data.resolve("initial-passwords.txt");
        Files.createDirectories(data);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        System.out.println();
        System.out.println(text.strip());
        System.out.println("(also in " + file.toAbsolutePath() + ")");
        System.out.println();
        LOG.warn("Initial accounts created; their one-time passwords are in {}", file.toAbsolutePath());
    }
}
