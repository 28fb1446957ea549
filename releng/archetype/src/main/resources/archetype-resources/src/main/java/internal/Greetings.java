#set( $TABLE = "${module.toUpperCase()}_GREETING" )
package ${package}.internal;

import static ${package}.internal.schema.Tables.${TABLE};

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.opsconsole.api.db.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The greetings people leave, kept in the table {@code ${module}_greeting} (created by
 * {@code db/migration/V1__greetings.sql}). The servlet and the cleanup job use it; it talks to the database through
 * the extension's own {@link Database}, a jOOQ context the console provides. Thread-safe.
 */
@Component(service = Greetings.class)
public class Greetings {

    /** The longest greeting, in characters (the column's size). */
    static final int MAX_TEXT = 200;

    /**
     * A greeting as stored.
     *
     * @param id its number
     * @param text what was written
     * @param createdBy the user who wrote it
     * @param createdAt when, to the millisecond
     */
    public record Greeting(long id, String text, String createdBy, Instant createdAt) {
    }

    private final Database database;
    private final Clock clock;

    @Activate
    public Greetings(@Reference Database database) {
        this(database, Clock.systemUTC());
    }

    Greetings(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * @param limit how many, at most
     * @return the newest greetings, newest first
     */
    public List<Greeting> newest(int limit) {
        return database.dsl().selectFrom(${TABLE})
                .orderBy(${TABLE}.CREATED_AT.desc(), ${TABLE}.ID.desc())
                .limit(limit)
                .fetch(r -> new Greeting(r.getId(), r.getText(), r.getCreatedBy(), r.getCreatedAt()));
    }

    /**
     * Stores a greeting.
     *
     * @param text what was written, at most {@value #MAX_TEXT} characters, not blank (the caller checks)
     * @param user who wrote it
     * @return the greeting as stored
     */
    public Greeting add(String text, String user) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long id = database.dsl().insertInto(${TABLE})
                .set(${TABLE}.TEXT, text)
                .set(${TABLE}.CREATED_BY, user)
                .set(${TABLE}.CREATED_AT, now)
                .returningResult(${TABLE}.ID)
                .fetchSingle().value1();
        return new Greeting(id, text, user, now);
    }

    /**
     * Removes the greetings written before a time.
     *
     * @param cutoff the time; greetings written at it or later stay
     * @return how many were removed
     */
    public int removeOlderThan(Instant cutoff) {
        return database.dsl().deleteFrom(${TABLE}).where(${TABLE}.CREATED_AT.lt(cutoff)).execute();
    }
}
