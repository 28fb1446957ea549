package org.opsconsole.api.notify;

/** How urgent a notification is, least urgent first. Channels may be set to pass only the more urgent. */
public enum Severity {
    /** 通知: for information, nothing to do. */
    INFO,
    /** 警告: someone should look soon. */
    WARNING,
    /** 严重: something is broken or under attack; act now. */
    CRITICAL
}
