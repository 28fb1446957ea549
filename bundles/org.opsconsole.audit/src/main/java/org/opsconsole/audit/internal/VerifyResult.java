package org.opsconsole.audit.internal;

/**
 * What verifying the audit trail's chain found.
 *
 * @param ok whether every record is there, unchanged and in order, and the head's seal (where the trail is sealed)
 *        matches it
 * @param checked how many records were checked before the first broken one (all of them when ok)
 * @param brokenId the id of the first record at fault (changed, missing, out of order, removed); null when ok, and
 *        when what is wrong is the trail's key rather than a record
 * @param reason what is wrong, in English, naming the record ("record 42 was changed"); when ok, null, or a note that
 *        the trail is intact but not yet sealed
 * @param reasonZh the same in Chinese
 */
record VerifyResult(boolean ok, long checked, Long brokenId, String reason, String reasonZh) {

    static VerifyResult intact(long checked) {
        return new VerifyResult(true, checked, null, null, null);
    }

    /**
     * The chain is intact, but the trail was written before sealing and has no key yet: its head is sealed by the next
     * record appended.
     */
    static VerifyResult unsealed(long checked) {
        return new VerifyResult(true, checked, null, "not yet sealed: the head is sealed when the next record is appended",
                "尚未封签：下一条记录写入时封签链头");
    }

    static VerifyResult broken(long checked, long brokenId, String reason, String reasonZh) {
        return new VerifyResult(false, checked, brokenId, reason, reasonZh);
    }

    /** Broken where no record is at fault: the trail's key, or a head reset to none. */
    private static VerifyResult brokenWithoutRecord(long checked, String reason, String reasonZh) {
        return new VerifyResult(false, checked, null, reason, reasonZh);
    }

    /** The record {@code id} no longer holds what was hashed. */
    static VerifyResult changed(long checked, long id) {
        return broken(checked, id, "record " + id + " was changed", "第 " + id + " 条记录被修改");
    }

    /** The records {@code first} to {@code last} are gone from before the record {@code before}. */
    static VerifyResult missing(long checked, long first, long last, long before) {
        if (first == last) {
            return broken(checked, first, "record " + first + " is missing before record " + before,
                    "第 " + before + " 条记录之前缺少第 " + first + " 条记录");
        }
        return broken(checked, first, "records " + first + " to " + last + " are missing before record " + before,
                "第 " + before + " 条记录之前缺少第 " + first + " 至 " + last + " 条记录");
    }

    /** The record {@code id} belongs after the record {@code later}. */
    static VerifyResult outOfOrder(long checked, long id, long later) {
        return broken(checked, id, "records " + id + " and " + later + " are out of order",
                "第 " + id + " 条与第 " + later + " 条记录顺序颠倒");
    }

    /** The record {@code id} was chained after the earlier record {@code chainedAfter}, not after {@code previous}. */
    static VerifyResult outOfPlace(long checked, long id, long previous, long chainedAfter) {
        return broken(checked, id, "record " + id + " does not follow record " + previous + " (it was appended after record "
                + chainedAfter + ")", "第 " + id + " 条记录没有接续第 " + previous + " 条记录（它接续的是第 " + chainedAfter + " 条）");
    }

    /** The record {@code id} claims to be the first record, though {@code previous} is before it. */
    static VerifyResult restarted(long checked, long id, long previous) {
        return broken(checked, id, "record " + id + " does not follow record " + previous + " (it starts a chain of its own)",
                "第 " + id + " 条记录没有接续第 " + previous + " 条记录（它另起了一条链）");
    }

    /** The newest records, after {@code last}, are gone; the newest ever recorded was {@code newest}. */
    static VerifyResult newestRemoved(long checked, long last, long newest) {
        if (last == 0) {
            return broken(checked, 1, "all records up to " + newest + " were removed", "第 " + newest + " 条及之前的全部记录被删除");
        }
        return broken(checked, last + 1, "the newest records after " + last + " were removed",
                "第 " + last + " 条之后的最新记录被删除");
    }

    /** The record {@code id} and those after it were written to the table, not appended through the audit trail. */
    static VerifyResult addedOutside(long checked, long id) {
        return broken(checked, id, "record " + id + " was not appended through the audit trail",
                "第 " + id + " 条记录不是通过审计日志写入的");
    }

    /** The head row, which the newest record is checked against, is gone or names no record of the chain. */
    static VerifyResult headChanged(long checked, long id) {
        return broken(checked, id, "the head of the audit trail was changed (it does not name record " + id + ")",
                "审计日志的链头被修改（与第 " + id + " 条记录不符）");
    }

    /** This node's anchor cannot be read or is damaged ({@code problem} names the file): nothing is checked without it. */
    static VerifyResult anchorUnreadable(String problem) {
        return brokenWithoutRecord(0, "the audit trail cannot be verified: " + problem,
                "无法校验审计日志：本节点的审计锚点文件无法读取或已损坏（" + problem + "）");
    }

    /** The key row holds something that does not open as the trail's key with this installation's master key. */
    static VerifyResult keyUnreadable(long checked) {
        return brokenWithoutRecord(checked, "the key that seals the audit trail was replaced outside the console (it does not open"
                + " with this installation's master key)", "审计日志的封签密钥在控制台之外被替换（无法用本系统的主密钥打开）");
    }

    /**
     * The key is gone: this node sealed the head with the key {@code anchored} (a fingerprint), or, when that is null,
     * the head is sealed.
     */
    static VerifyResult keyRemoved(long checked, String anchored) {
        if (anchored == null) {
            return brokenWithoutRecord(checked, "the key that seals the audit trail was removed (the head is sealed)",
                    "审计日志的封签密钥被删除（链头已封签）");
        }
        String key = SealingKey.shortFingerprint(anchored);
        return brokenWithoutRecord(checked, "the key that seals the audit trail was removed (this node sealed the head with key "
                + key + ")", "审计日志的封签密钥被删除（本节点曾用密钥 " + key + " 封签链头）");
    }

    /** The key is another one than the key {@code anchored} this node sealed the head with. */
    static VerifyResult keyReplaced(long checked, String anchored, String found) {
        String was = SealingKey.shortFingerprint(anchored);
        String is = SealingKey.shortFingerprint(found);
        return brokenWithoutRecord(checked, "the key that seals the audit trail was replaced (this node sealed the head with key "
                + was + ", the database holds key " + is + ")",
                "审计日志的封签密钥被替换（本节点曾用密钥 " + was + " 封签链头，数据库中现为密钥 " + is + "）");
    }

    /** The head names the record {@code id} but has no seal, though sealing had begun. */
    static VerifyResult sealRemoved(long checked, long id) {
        return broken(checked, id, "the head of the audit trail (record " + id + ") is not sealed, though the trail was"
                + " sealed before: its seal was removed outside the console",
                "审计日志的链头（第 " + id + " 条记录）没有封签，而日志此前已封签：封签在控制台之外被删除");
    }

    /** The head names no record, though the trail has a key and so had been appended to. */
    static VerifyResult emptied(long checked) {
        return brokenWithoutRecord(checked, "the head of the audit trail names no record, though the trail was sealed before: its"
                + " records and head were reset outside the console",
                "审计日志的链头没有指向任何记录，而日志此前已封签：记录和链头在控制台之外被清空");
    }

    /** The head's seal is not the seal of the head naming the record {@code id} with that record's hash. */
    static VerifyResult sealMismatch(long checked, long id) {
        return broken(checked, id, "the seal of the head does not match record " + id + ": the trail or its head was"
                + " changed outside the console", "链头的封签与第 " + id + " 条记录不符：日志或其链头在控制台之外被修改");
    }

    /**
     * The head names the record {@code headId} (0: none), though this node appended the later record {@code anchored}:
     * the records after the head were removed and the head moved back.
     */
    static VerifyResult behindAnchor(long checked, long headId, long anchored) {
        if (headId == 0) {
            return broken(checked, 1, "all records up to " + anchored + " were removed (this node appended record "
                    + anchored + ", the head names no record)", "第 " + anchored + " 条及之前的全部记录被删除（本节点写入过第 "
                    + anchored + " 条记录，链头却没有指向任何记录）");
        }
        return broken(checked, headId + 1, "the newest records after " + headId + " were removed (this node appended record "
                + anchored + ", the head names record " + headId + ")", "第 " + headId + " 条之后的最新记录被删除（本节点写入过第 "
                + anchored + " 条记录，链头却指向第 " + headId + " 条）");
    }

    /** The record {@code id}, which this node appended, is gone. */
    static VerifyResult anchorMissing(long checked, long id) {
        return broken(checked, id, "record " + id + ", which this node appended, is missing: records were removed",
                "本节点写入的第 " + id + " 条记录已不存在：记录被删除");
    }

    /** The record {@code id} is not the one this node appended: it has another hash. */
    static VerifyResult anchorReplaced(long checked, long id) {
        return broken(checked, id, "record " + id + " is not the record this node appended (its hash differs): records were"
                + " removed or replaced", "第 " + id + " 条记录不是本节点写入的那一条（哈希不同）：记录被删除或替换");
    }
}
