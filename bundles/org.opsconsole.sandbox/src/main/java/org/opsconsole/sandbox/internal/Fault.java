package org.opsconsole.sandbox.internal;

import java.util.Optional;

/**
 * The faults the simulated platform can be made to show, each switched on and off by an operator, most with one
 * setting: the number an operator sets, from {@link #min()} to {@link #max()}, in {@link #unit()}.
 */
enum Fault {

    /** Every answer of the platform's HTTP service comes this many milliseconds late. */
    LATENCY("latency", "响应延迟", "Added latency", "平台的每个 HTTP 应答延迟指定的毫秒数",
            "Every answer of the platform's HTTP service comes late by this many milliseconds", "ms", 1, 60_000, 2_000),
    /** This percentage of the platform's HTTP requests fail with 500. */
    ERRORS("errors", "错误率", "Error rate", "按指定百分比随机以 HTTP 500 应答",
            "This share of requests is answered with HTTP 500, at random", "%", 1, 100, 20),
    /** The platform's HTTP service answers nothing but 503. */
    OUTAGE("outage", "服务中断", "Full outage", "平台的 HTTP 服务全部以 HTTP 503 应答，健康检查也失败",
            "The platform's HTTP service answers everything, its health check too, with HTTP 503", "", 0, 0, 0),
    /** Every query of the platform's front end takes this many milliseconds longer in the database. */
    SLOW_DB("slow-db", "数据库慢查询", "Slow database queries", "平台前端的每次数据库访问多占用连接指定的毫秒数（MySQL 上为 SLEEP 查询）",
            "Each database access of the platform's front end holds its connection this much longer (a SLEEP query on MySQL)",
            "ms", 1, 60_000, 3_000),
    /** A file in the sandbox folder grows to this many megabytes; removed when switched off. */
    DISK_FILL("disk-fill", "磁盘写满", "Filling disk", "在模拟平台目录中写入一个不断增大的文件，直到指定的 MB 数（并始终为磁盘保留 1 GB）；关闭时删除",
            "A file in the sandbox folder grows to this many megabytes (always leaving 1 GB free on the disk); removed when "
                    + "switched off", "MB", 1, 10_240, 512),
    /** This many failed logins a second against the platform's admin account, from one outside address. */
    LOGIN_BURST("login-burst", "登录失败风暴", "Failed-login burst", "每秒从同一外部地址以错误密码登录平台管理员账号指定次数，写入登录日志",
            "This many failed logins a second against the platform's admin account from one outside address, in the login log",
            "/s", 1, 50, 5);

    private final String id;
    private final String title;
    private final String titleEn;
    private final String description;
    private final String descriptionEn;
    private final String unit;
    private final int min;
    private final int max;
    private final int defaultSetting;

    Fault(String id, String title, String titleEn, String description, String descriptionEn, String unit, int min, int max,
            int defaultSetting) {
        this.id = id;
        this.title = title;
        this.titleEn = titleEn;
        this.description = description;
        this.descriptionEn = descriptionEn;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.defaultSetting = defaultSetting;
    }

    /** @return the name in the REST API and the table */
    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String titleEn() {
        return titleEn;
    }

    String description() {
        return description;
    }

    String descriptionEn() {
        return descriptionEn;
    }

    /** @return the setting's unit; empty when the fault has no setting */
    String unit() {
        return unit;
    }

    /** @return true when the fault has a setting */
    boolean hasSetting() {
        return max > 0;
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    int defaultSetting() {
        return defaultSetting;
    }

    /** @return the fault with that REST name */
    static Optional<Fault> byId(String id) {
        for (Fault fault : values()) {
            if (fault.id.equals(id)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
