package org.opsconsole.notify.internal;

import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_CHANNEL;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;

/**
 * The channels operators configured, in {@code notify_channel}: read and written in the transaction given (or with the
 * module's auto-committing context). Stateless.
 */
final class Channels {

    /** Channel ids: lower-case letters, digits and hyphens, as modules name channels in a notification. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final int NAME_LENGTH = NOTIFY_CHANNEL.NAME.getDataType().length();
    static final int SETTINGS_LENGTH = NOTIFY_CHANNEL.SETTINGS.getDataType().length();

    private Channels() {
    }

    /** @return every configured channel, ordered by name, then id */
    static List<NotifyChannelRecord> all(DSLContext dsl) {
        return dsl.selectFrom(NOTIFY_CHANNEL).orderBy(NOTIFY_CHANNEL.NAME, NOTIFY_CHANNEL.ID).fetch();
    }

    /** @return the enabled channels, ordered by id */
    static List<NotifyChannelRecord> enabled(DSLContext dsl) {
        return dsl.selectFrom(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.ENABLED.isTrue()).orderBy(NOTIFY_CHANNEL.ID).fetch();
    }

    /** @return one channel */
    static Optional<NotifyChannelRecord> find(DSLContext dsl, String id) {
        return dsl.selectFrom(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.ID.eq(id)).fetchOptional();
    }

    /** @return the channel locked for the rest of the transaction given */
    static Optional<NotifyChannelRecord> lock(DSLContext tx, String id) {
        return tx.selectFrom(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.ID.eq(id)).forUpdate().fetchOptional();
    }

    /** @return whether a message of a severity goes through a channel when its sender names no channels */
    static boolean passes(NotifyChannelRecord channel, Severity severity) {
        return severity.ordinal() >= minSeverity(channel).ordinal();
    }

    /** @return the channel's minimum severity; an unknown value counts as {@link Severity#INFO} */
    static Severity minSeverity(NotifyChannelRecord channel) {
        return severity(channel.getMinSeverity()).orElse(Severity.INFO);
    }

    /** @return the severity a text names (any case) */
    static Optional<Severity> severity(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Severity.valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
