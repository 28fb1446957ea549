package org.opsconsole.backups.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.db.JdbcUrls;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Problem.FieldError;

/** The kinds of things backed up, with the settings each needs. */
public enum TargetKind {

    /** The console's own database (its modules' tables), through the core's connection pool. */
    CONSOLE("console", "控制台数据库", "Console database", List.of()),
    /** A platform database: a JDBC URL with a user and password, or a data source registered in the console. */
    DATABASE("database", "数据库", "Database", List.of(
            new SettingField("url", "JDBC 地址", "JDBC URL", Kind.TEXT, false,
                    "jdbc:mysql://主机:3306/库名（或 jdbc:h2:...）；与“数据源”二选一。恢复到临时库需要建库权限"
                            + " / jdbc:mysql://host:3306/database (or jdbc:h2:...); either this or the data source."
                            + " Restoring into a scratch database needs the right to create databases"),
            new SettingField("user", "用户名", "User", Kind.TEXT, false,
                    "需要读取全部表的权限；并行导出还需 RELOAD 权限 / Needs read access to all tables; a parallel export also needs"
                            + " the RELOAD privilege"),
            new SettingField("password", "密码", "Password", Kind.SECRET, false,
                    "连接数据库的密码，加密保存 / The database password, stored encrypted"),
            new SettingField("dataSource", "数据源", "Data source", Kind.TEXT, false,
                    "控制台中已注册的数据源名称（如沙箱平台库 sandbox-platform），代替 JDBC 地址"
                            + " / The name of a data source registered in the console (such as the sandbox platform database"
                            + " sandbox-platform), instead of a JDBC URL"))),
    /** A folder of files: the platform's uploaded attachments, the console's configuration. */
    FILES("files", "文件夹", "Folder", List.of(
            new SettingField("path", "文件夹路径", "Folder", Kind.TEXT, true,
                    "服务器上的绝对路径，或相对控制台安装目录的路径（如 conf）"
                            + " / An absolute path on the server, or a path relative to the console's installation folder (such as conf)")));

    private final String id;
    private final String title;
    private final String titleEn;
    private final List<SettingField> fields;

    TargetKind(String id, String title, String titleEn, List<SettingField> fields) {
        this.id = id;
        this.title = title;
        this.titleEn = titleEn;
        this.fields = fields;
    }

    /** @return its id in the API and the table */
    public String id() {
        return id;
    }

    /** @return its name in Chinese */
    public String title() {
        return title;
    }

    /** @return its name in English */
    public String titleEn() {
        return titleEn;
    }

    /** @return the settings it needs, in the order the form shows them */
    public List<SettingField> fields() {
        return fields;
    }

    /** @return whether it is a database */
    public boolean database() {
        return this != FILES;
    }

    /** @return the kind of an id */
    public static Optional<TargetKind> of(String id) {
        for (TargetKind kind : values()) {
            if (kind.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks settings beyond each field's own check.
     *
     * @param settings the settings in clear
     * @return what is wrong, with the field named as {@code settings.<name>}
     */
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        if (this == DATABASE) {
            String url = settings.getOrDefault("url", "").strip();
            String dataSource = settings.getOrDefault("dataSource", "").strip();
            if (url.isEmpty() == dataSource.isEmpty()) {
                errors.add(new FieldError(SettingValues.FIELD_PREFIX + (url.isEmpty() ? "url" : "dataSource"),
                        "JDBC 地址与数据源须填且只填一项", "Give either a JDBC URL or a data source, not both"));
            } else if (!url.isEmpty()) {
                JdbcUrls.check(SettingValues.FIELD_PREFIX + "url", url).ifPresent(errors::add);
            }
        }
        return errors;
    }
}
