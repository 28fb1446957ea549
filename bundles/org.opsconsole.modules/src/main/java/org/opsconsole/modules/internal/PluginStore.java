package org.opsconsole.modules.internal;

import static org.opsconsole.modules.internal.schema.Tables.PLUGINS_ARTIFACT;
import static org.opsconsole.modules.internal.schema.Tables.PLUGINS_CHANGE;
import static org.opsconsole.modules.internal.schema.Tables.PLUGINS_FEATURE;
import static org.opsconsole.modules.internal.schema.Tables.PLUGINS_FEATURE_BUNDLE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.opsconsole.api.db.Database;
import org.opsconsole.modules.internal.archive.BundleArtifact;
import org.opsconsole.modules.internal.schema.tables.records.PluginsChangeRecord;
import org.opsconsole.modules.internal.schema.tables.records.PluginsFeatureRecord;

/**
 * What the plugin manager keeps in the console's database: the desired state (the installed features and their
 * bundles), every artifact ever installed (by SHA-256, so that an earlier state can be restored without a remote
 * repository) and the history of changes.
 */
final class PluginStore {

    /** How a change ended. */
    enum Outcome {
        /** Done and recorded as the new desired state. */
        APPLIED,
        /** It failed and the framework was put back as it was. */
        ROLLED_BACK
    }

    /** What a change did. */
    enum Action {
        INSTALL, UPDATE, UNINSTALL, REVERT
    }

    /**
     * A recorded change.
     *
     * @param id its number
     * @param at when
     * @param actor who
     * @param action what
     * @param featureId the feature it was about (for a revert, the change it reverted: {@code change:<n>})
     * @param summary the plan in words
     * @param before the desired state before
     * @param after the desired state after (when rolled back: the one it aimed at)
     * @param outcome how it ended
     * @param error why it failed, null when applied
     * @param backupId the backup that protected it (taken for it, or a recent one), null when none did
     * @param backupLink the console path that shows that backup, null when none did
     */
    record Change(long id, Instant at, String actor, Action action, String featureId, String summary, PluginState before,
            PluginState after, Outcome outcome, String error, String backupId, String backupLink) {
    }

    private final Database database;
    private final Clock clock;

    PluginStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** @return the desired state as recorded */
    PluginState state() {
        return state(database.dsl());
    }

    private static PluginState state(DSLContext dsl) {
        List<PluginState.Feature> features = new ArrayList<>();
        for (PluginsFeatureRecord feature : dsl.selectFrom(PLUGINS_FEATURE).orderBy(PLUGINS_FEATURE.FEATURE_ID).fetch()) {
            List<PluginState.Bundle> bundles = dsl.select(PLUGINS_FEATURE_BUNDLE.SYMBOLIC_NAME, PLUGINS_FEATURE_BUNDLE.VERSION,
                            PLUGINS_FEATURE_BUNDLE.SHA256, PLUGINS_ARTIFACT.FILE_NAME, PLUGINS_FEATURE_BUNDLE.START_ORDER)
                    .from(PLUGINS_FEATURE_BUNDLE)
                    .join(PLUGINS_ARTIFACT).on(PLUGINS_ARTIFACT.SHA256.eq(PLUGINS_FEATURE_BUNDLE.SHA256))
                    .where(PLUGINS_FEATURE_BUNDLE.FEATURE_ID.eq(feature.getFeatureId()))
                    .orderBy(PLUGINS_FEATURE_BUNDLE.ORDINAL)
                    .fetch(b -> new PluginState.Bundle(b.value1(), b.value2(), b.value3(), b.value4(), b.value5()));
            features.add(new PluginState.Feature(feature.getFeatureId(), feature.getName(), feature.getVersion(),
                    feature.getDescription(), feature.getSource(), feature.getDescriptor(), bundles));
        }
        return new PluginState(features);
    }

    /** Keeps an artifact's bytes, once per SHA-256 (the same jar uploaded again is stored once). */
    void keep(BundleArtifact artifact) {
        database.transactionResult(tx -> {
            DSLContext dsl = tx.dsl();
            if (dsl.fetchExists(PLUGINS_ARTIFACT, PLUGINS_ARTIFACT.SHA256.eq(artifact.sha256()))) {
                return null;
            }
            byte[] content;
            try {
                content = Files.readAllBytes(artifact.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dsl.insertInto(PLUGINS_ARTIFACT)
                    .set(PLUGINS_ARTIFACT.SHA256, artifact.sha256())
                    .set(PLUGINS_ARTIFACT.SYMBOLIC_NAME, artifact.symbolicName())
                    .set(PLUGINS_ARTIFACT.VERSION, artifact.version().toString())
                    .set(PLUGINS_ARTIFACT.FILE_NAME, artifact.originalName())
                    .set(PLUGINS_ARTIFACT.SIZE, (long) content.length)
                    .set(PLUGINS_ARTIFACT.CONTENT, content)
                    .set(PLUGINS_ARTIFACT.STORED_AT, clock.instant())
                    .execute();
            return null;
        });
    }

    /** @return whether an artifact's bytes are kept */
    boolean keeps(String sha256) {
        return database.dsl().fetchExists(PLUGINS_ARTIFACT, PLUGINS_ARTIFACT.SHA256.eq(sha256));
    }

    /** @return a kept artifact's bytes */
    Optional<byte[]> artifact(String sha256) {
        return database.dsl().select(PLUGINS_ARTIFACT.CONTENT).from(PLUGINS_ARTIFACT)
                .where(PLUGINS_ARTIFACT.SHA256.eq(sha256)).fetchOptional(PLUGINS_ARTIFACT.CONTENT);
    }

    /** Writes a kept artifact to a file, for installing it. */
    Path artifactFile(String sha256, Path folder) throws IOException {
        byte[] content = artifact(sha256).orElseThrow(() -> new IOException("artifact " + sha256 + " is not kept"));
        Files.createDirectories(folder);
        Path file = folder.resolve(sha256 + ".jar");
        Files.write(file, content);
        return file;
    }

    /**
     * Records a change; when it was applied, its state becomes the desired state, in the same transaction.
     *
     * @param backupId the backup that protected the change, null when none did
     * @param backupLink the console path that shows that backup, null when none did
     * @return the change's number
     */
    long record(String actor, Action action, String featureId, String summary, PluginState before, PluginState after,
            Outcome outcome, String error, String backupId, String backupLink) {
        return database.transactionResult(tx -> {
            DSLContext dsl = tx.dsl();
            Instant now = clock.instant();
            PluginsChangeRecord change = dsl.newRecord(PLUGINS_CHANGE);
            change.setChangedAt(now);
            change.setActor(actor);
            change.setAction(action.name());
            change.setFeatureId(featureId);
            change.setSummary(clip(summary, 4000));
            change.setStateBefore(before.toJson());
            change.setStateAfter(after.toJson());
            change.setOutcome(outcome.name());
            change.setError(error == null ? null : clip(error, 4000));
            // clipped, never refused: by now the framework has changed, and a record that fails would undo it
            change.setBackupId(backupId == null ? null : clip(backupId, 64));
            change.setBackupLink(backupLink == null ? null : clip(backupLink, 500));
            change.store();
            long id = change.getId();
            if (outcome == Outcome.APPLIED) {
                replaceState(dsl, after, actor, now, id, before);
            }
            return id;
        });
    }

    private static void replaceState(DSLContext dsl, PluginState state, String actor, Instant now, long changeId,
            PluginState before) {
        dsl.deleteFrom(PLUGINS_FEATURE_BUNDLE).execute();
        List<PluginsFeatureRecord> previous = dsl.selectFrom(PLUGINS_FEATURE).fetch();
        dsl.deleteFrom(PLUGINS_FEATURE).execute();
        for (PluginState.Feature feature : state.features()) {
            // a feature the change did not touch keeps when and by whom it was installed
            Optional<PluginsFeatureRecord> kept = previous.stream()
                    .filter(p -> p.getFeatureId().equals(feature.id()) && before.feature(feature.id())
                            .map(b -> b.equals(feature)).orElse(false))
                    .findFirst();
            dsl.insertInto(PLUGINS_FEATURE)
                    .set(PLUGINS_FEATURE.FEATURE_ID, feature.id())
                    .set(PLUGINS_FEATURE.NAME, feature.name())
                    .set(PLUGINS_FEATURE.VERSION, feature.version())
                    .set(PLUGINS_FEATURE.DESCRIPTION, feature.description() == null ? null : clip(feature.description(), 2000))
                    .set(PLUGINS_FEATURE.SOURCE, clip(feature.source(), 500))
                    .set(PLUGINS_FEATURE.DESCRIPTOR, feature.descriptor())
                    .set(PLUGINS_FEATURE.INSTALLED_AT, kept.map(PluginsFeatureRecord::getInstalledAt).orElse(now))
                    .set(PLUGINS_FEATURE.INSTALLED_BY, kept.map(PluginsFeatureRecord::getInstalledBy).orElse(actor))
                    .set(PLUGINS_FEATURE.CHANGE_ID, kept.map(PluginsFeatureRecord::getChangeId).orElse(changeId))
                    .execute();
            int ordinal = 0;
            for (PluginState.Bundle bundle : feature.bundles()) {
                dsl.insertInto(PLUGINS_FEATURE_BUNDLE)
                        .set(PLUGINS_FEATURE_BUNDLE.FEATURE_ID, feature.id())
                        .set(PLUGINS_FEATURE_BUNDLE.ORDINAL, ordinal++)
                        .set(PLUGINS_FEATURE_BUNDLE.SYMBOLIC_NAME, bundle.symbolicName())
                        .set(PLUGINS_FEATURE_BUNDLE.VERSION, bundle.version())
                        .set(PLUGINS_FEATURE_BUNDLE.SHA256, bundle.sha256())
                        .set(PLUGINS_FEATURE_BUNDLE.START_ORDER, bundle.startOrder())
                        .execute();
            }
        }
    }

    /** When and by whom each installed feature was installed, by feature id. */
    record Installed(String featureId, Instant at, String by, long changeId) {
    }

    List<Installed> installed() {
        return database.dsl().selectFrom(PLUGINS_FEATURE).orderBy(PLUGINS_FEATURE.FEATURE_ID)
                .fetch(r -> new Installed(r.getFeatureId(), r.getInstalledAt(), r.getInstalledBy(), r.getChangeId()));
    }

    /** @return the newest changes first, at most limit, those before a change number when given */
    List<Change> history(int limit, Long before) {
        var query = database.dsl().selectFrom(PLUGINS_CHANGE)
                .where(before == null ? PLUGINS_CHANGE.ID.isNotNull() : PLUGINS_CHANGE.ID.lt(before))
                .orderBy(PLUGINS_CHANGE.ID.desc()).limit(limit);
        return query.fetch(PluginStore::change);
    }

    Optional<Change> change(long id) {
        return database.dsl().selectFrom(PLUGINS_CHANGE).where(PLUGINS_CHANGE.ID.eq(id)).fetchOptional(PluginStore::change);
    }

    private static Change change(Record record) {
        PluginsChangeRecord r = record.into(PLUGINS_CHANGE);
        return new Change(r.getId(), r.getChangedAt(), r.getActor(), Action.valueOf(r.getAction()), r.getFeatureId(),
                r.getSummary(), PluginState.fromJson(r.getStateBefore()), PluginState.fromJson(r.getStateAfter()),
                Outcome.valueOf(r.getOutcome()), r.getError(), r.getBackupId(), r.getBackupLink());
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
