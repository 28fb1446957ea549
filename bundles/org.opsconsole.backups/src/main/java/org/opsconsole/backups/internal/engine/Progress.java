package org.opsconsole.backups.internal.engine;

/** Where a backup, restore or verification reports how far it is, and learns that it should stop. Thread-safe. */
public interface Progress {

    /** Nothing reported, never cancelled. */
    Progress NONE = new Progress() {
    };

    /**
     * @param zh what is being done, in Chinese
     * @param en the same in English
     */
    default void phase(String zh, String en) {
    }

    /**
     * @param tables the tables (or folders) to do
     * @param rows the rows expected, an estimate (0 when unknown)
     */
    default void total(int tables, long rows) {
    }

    /**
     * @param rows rows done since the last call
     * @param bytes bytes done since the last call
     */
    default void advance(long rows, long bytes) {
    }

    /** @param table a table (or folder) done */
    default void done(String table) {
    }

    /** @return true when the work should stop (the console is stopping, or an operator cancelled it) */
    default boolean cancelled() {
        return false;
    }
}
