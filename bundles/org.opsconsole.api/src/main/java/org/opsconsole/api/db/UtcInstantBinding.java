package org.opsconsole.api.db;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;

/**
 * Binds an {@link Instant} to a {@code datetime(3)} column holding UTC wall-clock time: written as the text
 * {@code yyyy-MM-dd HH:mm:ss.SSS}, read as a {@link LocalDateTime}, so that the value comes back to the millisecond
 * on every database, driver and JVM time zone. Modules name it in their jOOQ code generation:
 *
 * <pre>{@code
 * <forcedType>
 *   <userType>java.time.Instant</userType>
 *   <binding>org.opsconsole.api.db.UtcInstantBinding</binding>
 *   <includeExpression>mymodule_thing\.(created_at|updated_at)</includeExpression>
 * </forcedType>
 * }</pre>
 *
 * <p>Why not the usual ways: jOOQ's own binding goes through {@link java.sql.Timestamp}, which is interpreted in the
 * JVM's time zone, so a UTC time in that zone's daylight-saving gap comes back an hour off (and two nodes in
 * different zones disagree); and Connector/J drops the milliseconds of a {@code Timestamp} or {@code LocalDateTime}
 * parameter on MariaDB 10 (whose handshake reports version 5.5.5, before fractional seconds).
 */
public final class UtcInstantBinding implements Binding<LocalDateTime, Instant> {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private static final Converter<LocalDateTime, Instant> CONVERTER = Converter.ofNullable(LocalDateTime.class,
            Instant.class, local -> local.toInstant(ZoneOffset.UTC), instant -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC));

    @Override
    public Converter<LocalDateTime, Instant> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<Instant> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            ctx.render().sql(ctx.value() == null ? "null"
                    : "timestamp '" + LITERAL.format(CONVERTER.to(ctx.value())) + "'");
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.TIMESTAMP);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        if (ctx.value() == null) {
            ctx.statement().setNull(ctx.index(), Types.TIMESTAMP);
        } else {
            ctx.statement().setString(ctx.index(), LITERAL.format(CONVERTER.to(ctx.value())));
        }
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("user-defined types are not used");
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        ctx.value(CONVERTER.from(ctx.resultSet().getObject(ctx.index(), LocalDateTime.class)));
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        ctx.value(CONVERTER.from(ctx.statement().getObject(ctx.index(), LocalDateTime.class)));
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("user-defined types are not used");
    }
}
