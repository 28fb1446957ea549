package org.opsconsole.monitoring.internal.series;

import java.util.Collection;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Row;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A multi-row {@code insert ignore}: rows whose key is taken are skipped, the others inserted, in one statement. Written
 * out rather than through jOOQ's {@code onDuplicateKeyIgnore()}, which jOOQ turns into a {@code merge} for H2 that H2
 * cannot type and that is not safe against a concurrent insert; H2 in the console's MySQL mode runs {@code insert ignore}
 * as MySQL and MariaDB do.
 */
final class InsertIgnore {

    private InsertIgnore() {
    }

    /**
     * @param dsl where to run it
     * @param table the table
     * @param columns the columns the rows give values for
     * @param rows the rows, their values made with {@link DSL#val(Object, Field)} where a column has a binding
     * @return how many rows were inserted
     */
    static int into(DSLContext dsl, Table<?> table, List<? extends Field<?>> columns, Collection<? extends Row> rows) {
        return dsl.query("insert ignore into {0} ({1}) values {2}", table,
                DSL.list(columns.stream().map(Field::getUnqualifiedName).toList()), DSL.list(rows)).execute();
    }
}
