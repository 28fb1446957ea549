package org.opsconsole.backups.internal.engine;

import java.util.List;

/**
 * A table as a backup holds it.
 *
 * @param name its name
 * @param columns the columns backed up (generated columns are not: the database computes them again)
 * @param estimatedRows the database's estimate of its rows, to dump the largest tables first
 */
public record Table(String name, List<Column> columns, long estimatedRows) {

    public Table {
        columns = List.copyOf(columns);
    }

    /** @return the columns' kinds */
    public List<ColumnKind> kinds() {
        return columns.stream().map(Column::kind).toList();
    }

    /**
     * A column.
     *
     * @param name its name
     * @param type the database's type name, for the operator
     * @param kind how its values are kept
     */
    public record Column(String name, String type, ColumnKind kind) {
    }
}
