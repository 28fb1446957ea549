package org.opsconsole.audit.internal;

/**
 * What verifying the audit trail's chain found.
 *
 * @param ok whether every record is there, unchanged and in order
 * @param checked how many records were checked before the first broken one (all of them when ok)
 * @param brokenId the id of the first record at fault (changed, missing, out of order, removed); null when ok
 * @param reason what is wrong, in English, naming the record ("record 42 was changed"); null when ok
 * @param reasonZh the same in Chinese; null when ok
 */
record VerifyResult(boolean ok, long checked, Long brokenId, String reason, String reasonZh) {

    static VerifyResult intact(long checked) {
        return new VerifyResult(true, checked, null, null, null);
    }

    static VerifyResult broken(long checked, long brokenId, String reason, String reasonZh) {
        return new VerifyResult(false, checked, brokenId, reason, reasonZh);
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
}
