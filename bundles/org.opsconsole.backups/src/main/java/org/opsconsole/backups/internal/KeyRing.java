package org.opsconsole.backups.internal;

import static org.opsconsole.backups.internal.schema.Tables.BACKUP_KEY;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.backups.internal.engine.Sealing;
import org.opsconsole.backups.internal.schema.tables.records.BackupKeyRecord;

/**
 * The backups' data keys: random 256-bit keys, stored sealed with the installation's master key (the core's
 * {@link SecretBox}), so that the repository alone — a copy of the backups somewhere else — reveals nothing, and the
 * master key alone is not used to encrypt gigabytes. The newest key seals new backups; a backup names its key in its
 * manifest and each file's header. Thread-safe.
 */
public final class KeyRing {

    private final Database database;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, Sealing> opened = new ConcurrentHashMap<>();

    KeyRing(Database database, SecretBox box, Clock clock) {
        this.database = database;
        this.box = box;
        this.clock = clock;
    }

    /** @return the key new backups are sealed with; made at first use */
    synchronized Sealing current() {
        BackupKeyRecord newest = database.dsl().selectFrom(BACKUP_KEY).orderBy(BACKUP_KEY.CREATED_AT.desc(), BACKUP_KEY.ID.desc())
                .limit(1).fetchOne();
        if (newest != null) {
            return open(newest);
        }
        byte[] key = Sealing.newKey();
        String id = "k-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database.dsl().insertInto(BACKUP_KEY)
                .set(BACKUP_KEY.ID, id)
                .set(BACKUP_KEY.SEALED_KEY, box.seal(Base64.getEncoder().encodeToString(key)))
                .set(BACKUP_KEY.CREATED_AT, clock.instant())
                .execute();
        Sealing sealing = new Sealing(id, key);
        opened.put(id, sealing);
        return sealing;
    }

    /**
     * @param id a key's id, as a manifest names it
     * @return the key
     * @throws IllegalStateException when this console does not have it (a backup from another installation)
     */
    public Sealing byId(String id) {
        Sealing known = opened.get(id);
        if (known != null) {
            return known;
        }
        BackupKeyRecord stored = database.dsl().selectFrom(BACKUP_KEY).where(BACKUP_KEY.ID.eq(id)).fetchOne();
        if (stored == null) {
            throw new IllegalStateException("没有密钥 " + id + "（来自其他安装的备份？） / No key " + id
                    + " (a backup of another installation?)");
        }
        return open(stored);
    }

    private Sealing open(BackupKeyRecord stored) {
        return opened.computeIfAbsent(stored.getId(),
                id -> new Sealing(id, Base64.getDecoder().decode(box.open(stored.getSealedKey()))));
    }
}
