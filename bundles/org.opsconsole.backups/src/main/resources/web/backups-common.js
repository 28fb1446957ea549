/**
 * What the backup pages share: the API's root, the permissions, the texts of states and reasons, their badges, sizes in
 * bytes, targets' names in the current language (`targetName`, `runTargetName`), and the stylesheet. The page framework
 * itself (loading, notices, forms, dialogs) is the shell's `opsconsole/pages`.
 *
 * @module backups-common
 */
import { html } from 'lit';
import { bilingual, inLanguage } from 'opsconsole';
import { formatDuration, formatNumber, lang, pageMessages } from 'opsconsole/pages';

/** The backup API's root. */
export const API = '/api/backups';

/** The permissions, as `BackupPermissions` defines them. */
export const PERMISSIONS = Object.freeze({
  READ: 'backup.read',
  OPERATE: 'backup.operate',
  RESTORE: 'backup.restore',
  CONFIGURE: 'backup.configure',
});

/** The pages' stylesheet. */
export const STYLESHEET = new URL('backups.css', import.meta.url).href;

const SHARED = {
  'zh-CN': {
    RUNNING: '进行中',
    COMPLETE: '完整',
    FAILED: '失败',
    INTERRUPTED: '已中断',
    PRUNED: '已清理',
    DONE: '完成',
    NONE: '未校验',
    PASSED: '校验通过',
    VERIFY_FAILED: '校验失败',
    SCHEDULED: '定时',
    MANUAL: '手动',
    PRE_UPGRADE: '升级前',
    BEFORE_RESTORE: '恢复前',
    BACKUP: '备份',
    VERIFY: '校验',
    RESTORE: '恢复',
    SCRATCH: '临时库',
    ORIGINAL: '覆盖原库',
    console: '控制台数据库',
    database: '数据库',
    files: '文件夹',
    tablesRows: '{tables} 张表 · {rows} 行',
    filesCount: '{files} 个文件',
  },
  en: {
    RUNNING: 'Running',
    COMPLETE: 'Complete',
    FAILED: 'Failed',
    INTERRUPTED: 'Interrupted',
    PRUNED: 'Pruned',
    DONE: 'Done',
    NONE: 'Not verified',
    PASSED: 'Verified',
    VERIFY_FAILED: 'Verification failed',
    SCHEDULED: 'Scheduled',
    MANUAL: 'By hand',
    PRE_UPGRADE: 'Pre-upgrade',
    BEFORE_RESTORE: 'Before a restore',
    BACKUP: 'Backup',
    VERIFY: 'Verification',
    RESTORE: 'Restore',
    SCRATCH: 'Scratch database',
    ORIGINAL: 'Over the original',
    console: 'Console database',
    database: 'Database',
    files: 'Folder',
    tablesRows: {
      param: 'tables',
      one: { param: 'rows', one: '{tables} table · {rows} row', other: '{tables} table · {rows} rows' },
      other: { param: 'rows', one: '{tables} tables · {rows} row', other: '{tables} tables · {rows} rows' },
    },
    filesCount: { one: '{files} file', other: '{files} files' },
  },
};

/**
 * The texts of a backup page: the shell's shared ones, these, and the page's own.
 *
 * @param {Object<string, Object<string, string>>} own the page's texts by language
 * @returns {function(string, Object=): string} the texts' lookup
 */
export function backupMessages(own) {
  const merged = {};
  for (const language of Object.keys(SHARED)) {
    merged[language] = { ...SHARED[language], ...(own[language] ?? {}) };
  }
  return pageMessages(merged);
}

const t = backupMessages({});

/** A size in bytes, in KB, MB or GB (decimal, as disks are sold). */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes < 0) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** A backup's state as a badge. */
export function stateBadge(state) {
  const cls = { RUNNING: 'ops-badge--warn', COMPLETE: 'ops-badge--ok', DONE: 'ops-badge--ok', FAILED: 'ops-badge--error',
    INTERRUPTED: 'ops-badge--error' }[state] ?? 'ops-badge--muted';
  return html`<span class="ops-badge ${cls}" data-state=${state}>${t(state)}</span>`;
}

/** A backup's last verification as a badge. */
export function verifyBadge(state) {
  if (state === 'PASSED') {
    return html`<span class="ops-badge ops-badge--ok" data-verify=${state}>${t('PASSED')}</span>`;
  }
  if (state === 'FAILED') {
    return html`<span class="ops-badge ops-badge--error" data-verify=${state}>${t('VERIFY_FAILED')}</span>`;
  }
  return html`<span class="ops-badge ops-badge--muted" data-verify="NONE">${t('NONE')}</span>`;
}

/** What a backup holds, in words: tables and rows, or files. */
export function contentText(run) {
  if (run.tables !== null && run.tables !== undefined) {
    return t('tablesRows', { tables: formatNumber(run.tables), rows: formatNumber(run.rows ?? 0) });
  }
  if (run.files !== null && run.files !== undefined) {
    return t('filesCount', { files: formatNumber(run.files) });
  }
  return '—';
}

/**
 * A target's name in the current language: its English name (`nameEn`) in English when it has one, `name` otherwise.
 *
 * @param {{name?: string, nameEn?: string|null}|null|undefined} target a target as the API gives it
 * @returns {string} its name, `''` for none
 */
export function targetName(target) {
  return inLanguage(target, 'name');
}

/**
 * The name a backup's (or an operation's) target had, in the current language: `targetNameEn` in English when there
 * is one, `targetName` otherwise.
 *
 * @param {{targetName?: string, targetNameEn?: string|null}|null|undefined} run a backup or an operation as the API
 *     gives it
 * @returns {string} its target's name, `''` for none
 */
export function runTargetName(run) {
  return inLanguage(run, 'targetName');
}

/**
 * A message of the server in the current language: each line written "中文 / English" keeps its half.
 *
 * @param {string|null} text the message
 * @returns {string} the text to show
 */
export function localText(text) {
  return text ? String(text).split('\n').map(bilingual).join('\n') : '';
}

/**
 * How long something took: tenths of a second under ten seconds (backups of small databases take less than one),
 * else as the shell says durations.
 *
 * @param {number|null} ms milliseconds
 * @returns {string} the text
 */
export function durationText(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  return ms < 10000 ? `${(ms / 1000).toFixed(1)} ${lang() === 'en' ? 's' : '秒'}` : formatDuration(ms / 1000);
}
