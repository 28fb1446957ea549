/**
 * `<ops-backups-page>`: the Backups page (备份与恢复). The repository's size, free space and usage over the last 90 days
 * (`GET /api/backups/operations/overview`); what runs now on this node, with its progress, refreshed every second while
 * something runs (`GET /api/backups/operations`), and cancelling it; the backups, filtered by target and state, with
 * their size, duration, content and verification (`GET /api/backups/runs`); one backup's manifest and verifications
 * (`#/backups/<id>`); verifying (`POST /api/backups/runs/<id>/verify`) and restoring into a scratch database or over the
 * original, the latter confirmed by typing the target's name (`POST /api/backups/restores`; in English its English name
 * when it has one); the platform's pre-upgrade backup (`POST /api/backups/runs/pre-upgrade`); and the restores done.
 * Targets are named in the current language, backups and operations by the names their target had when they started.
 */
import { html, nothing, svg } from 'lit';
import {
  DataPage, api, confirmDialog, formatDateTime, formatDuration, formatNumber, hasPermission, lang, listOf, problemText, renderTable,
} from 'opsconsole/pages';
import {
  API, PERMISSIONS, STYLESHEET, backupMessages, contentText, durationText, formatBytes, localText, runTargetName, stateBadge,
  targetName, verifyBadge,
} from './backups-common.js';

const t = backupMessages({
  'zh-CN': {
    title: '备份与恢复',
    intro: '平台数据库、控制台数据库与文件夹的备份：压缩并加密（AES-256-GCM，或国密 SM4-GCM）保存在备份仓库中，每份备份带清单（每个文件的 SHA-256、每张表的行数与校验和）。校验会把备份恢复到临时库并逐表核对。',
    preUpgrade: '平台升级前备份',
    preUpgradeTitle: '平台升级前备份',
    preUpgradeText: '立即备份所有标记为“升级前备份”的备份对象。可填写升级说明，它会记在每份备份上。',
    preUpgradeLabel: '升级说明（可不填）',
    preUpgradeStarted: '已开始升级前备份：{count} 个对象。',
    preUpgradeBusy: '以下对象正忙，未备份：{names}',
    repository: '备份仓库',
    size: '备份占用',
    free: '可用空间',
    completeCount: '完整备份',
    running: '进行中',
    usage: '仓库用量（近 90 天）',
    noUsage: '还没有用量记录。',
    operations: '正在进行',
    noOperations: '当前没有进行中的备份、校验或恢复。',
    recent: '最近完成',
    cancel: '取消',
    cancelTitle: '取消{kind}',
    cancelText: '将在当前表处理完后停止；未完成的备份不会保留。',
    cancelled: '已请求取消。',
    progressTables: '{done} / {total} 张表',
    progressRows: '{rows} 行',
    backups: '备份记录',
    target: '备份对象',
    allTargets: '全部对象',
    state: '状态',
    allStates: '全部状态',
    backup: '备份',
    reason: '原因',
    startedAt: '开始时间',
    duration: '用时',
    sizeColumn: '大小',
    content: '内容',
    verification: '校验',
    actions: '操作',
    noBackups: '没有符合条件的备份。',
    details: '详情',
    verify: '校验',
    verifyTitle: '校验备份 {id}',
    verifyText: '检查清单与每个文件的 SHA-256，再把备份恢复到临时库，逐表核对行数与校验和；完成后删除临时库。',
    verifyStarted: '已开始校验。',
    restore: '恢复',
    restoreScratch: '恢复到临时库',
    restoreScratchTitle: '把备份 {id} 恢复到临时库',
    restoreScratchText: '在同一数据库服务器上新建一个临时库（H2 为临时文件）并恢复到其中，原库不受影响。恢复后核对行数与校验和，临时库保留供查看。',
    restoreOriginal: '覆盖原库',
    restoreOriginalTitle: '用备份 {id} 覆盖“{target}”',
    restoreOriginalText: '先备份当前数据，再删除并重建备份中的表、载入数据；失败时自动回滚到恢复前的备份。此操作会覆盖当前数据。',
    confirmName: '请输入备份对象名称“{target}”以确认',
    restoreStarted: '已开始恢复。',
    detailTitle: '备份 {id}',
    closeDetail: '关闭',
    notFound: '没有备份 {id}。',
    note: '说明',
    requestedBy: '发起人',
    node: '节点',
    finishedAt: '完成时间',
    plainBytes: '原始数据量',
    keyId: '密钥',
    cipher: '加密',
    source: '来源',
    error: '错误',
    tables: '数据表',
    tableName: '表',
    rows: '行数',
    checksum: '校验和',
    columns: '列数',
    folder: '文件夹',
    files: '备份文件',
    fileName: '文件',
    verifications: '校验记录',
    noVerifications: '还没有校验过。',
    outcome: '结果',
    detail: '说明',
    restores: '恢复记录',
    noRestores: '还没有恢复过。',
    destination: '去向',
    location: '位置',
    safety: '恢复前备份',
    system: '系统',
  },
  en: {
    title: 'Backups',
    intro: 'Backups of the platform\'s databases, the console\'s database and folders: compressed and encrypted (AES-256-GCM, or SM4-GCM) in the backup repository, each with a manifest (every file\'s SHA-256, every table\'s row count and checksum). A verification restores a backup into a scratch database and compares every table.',
    preUpgrade: 'Pre-upgrade backup',
    preUpgradeTitle: 'Pre-upgrade backup of the platform',
    preUpgradeText: 'Backs up every target marked for pre-upgrade backups now. A note about the upgrade is kept with each backup.',
    preUpgradeLabel: 'About the upgrade (optional)',
    preUpgradeStarted: {
      one: 'Pre-upgrade backup started: {count} target.',
      other: 'Pre-upgrade backup started: {count} targets.',
    },
    preUpgradeBusy: 'Busy, not backed up: {names}',
    repository: 'Repository',
    size: 'Backups use',
    free: 'Free',
    completeCount: 'Complete backups',
    running: 'Running',
    usage: 'Repository usage (last 90 days)',
    noUsage: 'No usage recorded yet.',
    operations: 'Running now',
    noOperations: 'No backup, verification or restore is running.',
    recent: 'Just finished',
    cancel: 'Cancel',
    cancelTitle: 'Cancel the {kind}',
    cancelText: 'It stops after the table at hand; an unfinished backup is not kept.',
    cancelled: 'Cancelling.',
    progressTables: { param: 'total', one: '{done} / {total} table', other: '{done} / {total} tables' },
    progressRows: { one: '{rows} row', other: '{rows} rows' },
    backups: 'Backups',
    target: 'Target',
    allTargets: 'All targets',
    state: 'State',
    allStates: 'All states',
    backup: 'Backup',
    reason: 'Reason',
    startedAt: 'Started',
    duration: 'Took',
    sizeColumn: 'Size',
    content: 'Content',
    verification: 'Verification',
    actions: 'Actions',
    noBackups: 'No backups match.',
    details: 'Details',
    verify: 'Verify',
    verifyTitle: 'Verify backup {id}',
    verifyText: 'Checks the manifest and every file\'s SHA-256, then restores the backup into a scratch database and compares every table\'s row count and checksum; the scratch database is dropped afterwards.',
    verifyStarted: 'Verification started.',
    restore: 'Restore',
    restoreScratch: 'Into a scratch database',
    restoreScratchTitle: 'Restore backup {id} into a scratch database',
    restoreScratchText: 'Creates a new database on the same server (a new file for H2) and restores into it; the original is not touched. The rows are compared afterwards and the scratch database is kept for you to look at.',
    restoreOriginal: 'Over the original',
    restoreOriginalTitle: 'Restore backup {id} over “{target}”',
    restoreOriginalText: 'The current data is backed up first; then the backup\'s tables are dropped, made again and loaded. If that fails, the backup taken before is put back. This overwrites the current data.',
    confirmName: 'Type the target\'s name, “{target}”, to confirm',
    restoreStarted: 'Restore started.',
    detailTitle: 'Backup {id}',
    closeDetail: 'Close',
    notFound: 'No backup {id}.',
    note: 'Note',
    requestedBy: 'Requested by',
    node: 'Node',
    finishedAt: 'Finished',
    plainBytes: 'Data backed up',
    keyId: 'Key',
    cipher: 'Encryption',
    source: 'Source',
    error: 'Error',
    tables: 'Tables',
    tableName: 'Table',
    rows: 'Rows',
    checksum: 'Checksum',
    columns: 'Columns',
    folder: 'Folder',
    files: 'Backup files',
    fileName: 'File',
    verifications: 'Verifications',
    noVerifications: 'Not verified yet.',
    outcome: 'Outcome',
    detail: 'Detail',
    restores: 'Restores',
    noRestores: 'Nothing was restored yet.',
    destination: 'Into',
    location: 'Where',
    safety: 'Backup before',
    system: 'system',
  },
});

const STATES = ['COMPLETE', 'RUNNING', 'FAILED', 'INTERRUPTED', 'PRUNED'];

/** The targets a pre-upgrade backup found busy, named in the current language. */
function busyNames(answer) {
  const english = lang() === 'en';
  return listOf(english ? (answer.busyEn ?? answer.busy) : answer.busy).join(english ? ', ' : '、');
}

/** The backup id a `#/backups/<id>` address names, or null. */
function selectedId() {
  const match = /^#\/backups\/([^/?]+)/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

class OpsBackupsPage extends DataPage {
  static stylesheet = STYLESHEET;

  constructor() {
    super();
    this._target = '';
    this._state = '';
    this._timer = null;
    this._shown = null;
    this._onHashChange = () => this.load({ quiet: true });
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    this._stopPolling();
    super.disconnectedCallback();
  }

  async fetchData() {
    const query = new URLSearchParams({ limit: '200' });
    if (this._target) {
      query.set('target', this._target);
    }
    if (this._state) {
      query.set('state', this._state);
    }
    const id = selectedId();
    const [runs, operations, overview, targets, restores, selected] = await Promise.all([
      api(`${API}/runs?${query}`), api(`${API}/operations`), api(`${API}/operations/overview`),
      api(`${API}/targets`), api(`${API}/restores?limit=50`),
      id ? api(`${API}/runs/${encodeURIComponent(id)}`).catch((error) => ({ missing: id, error })) : Promise.resolve(null),
    ]);
    const data = { runs: listOf(runs), operations: listOf(operations), overview, targets: listOf(targets), restores: listOf(restores), selected };
    this._pollWhile(data.operations.some((o) => o.state === 'RUNNING'));
    return data;
  }

  updated(changed) {
    super.updated(changed);
    const id = this.data?.selected?.id ?? this.data?.selected?.missing;
    if (changed.has('data') && id && id !== this._shown) {
      this._shown = id;
      this.querySelector('[data-testid="backup-detail"], [data-testid="backup-missing"]')?.scrollIntoView({ block: 'start' });
    } else if (!id) {
      this._shown = null;
    }
  }

  /** Loads every second while something runs, and once more when it ended. */
  _pollWhile(running) {
    if (running && !this._timer) {
      this._timer = setInterval(() => this.load({ quiet: true }), 1000);
    } else if (!running) {
      this._stopPolling();
    }
  }

  _stopPolling() {
    if (this._timer) {
      clearInterval(this._timer);
      this._timer = null;
    }
  }

  _filter(field, value) {
    this[field] = value;
    this.load({ quiet: true });
  }

  async _preUpgrade() {
    const note = await confirmDialog({ title: t('preUpgradeTitle'), text: t('preUpgradeText'), confirm: t('preUpgrade'), reason: true,
      reasonLabel: t('preUpgradeLabel'), reasonOptional: true, reasonLine: true });
    if (note === null) {
      return;
    }
    const outcome = await this.act('pre-upgrade', () => api(`${API}/runs/pre-upgrade`, { method: 'POST', json: { note } }),
      (answer) => [t('preUpgradeStarted', { count: answer.operations.length }),
        answer.busy.length ? t('preUpgradeBusy', { names: busyNames(answer) }) : ''].filter(Boolean).join(' '));
    if (outcome.ok) {
      this.load({ quiet: true });
    }
  }

  _verify(run) {
    return this.confirmAndAct({
      dialog: { title: t('verifyTitle', { id: run.id }), text: t('verifyText'), confirm: t('verify') },
      key: `verify-${run.id}`,
      action: () => api(`${API}/runs/${encodeURIComponent(run.id)}/verify`, { method: 'POST' }),
      success: t('verifyStarted'),
    });
  }

  _restoreScratch(run) {
    return this.confirmAndAct({
      dialog: { title: t('restoreScratchTitle', { id: run.id }), text: t('restoreScratchText'), confirm: t('restoreScratch') },
      key: `restore-${run.id}`,
      action: () => api(`${API}/restores`, { method: 'POST', json: { backupId: run.id, destination: 'scratch' } }),
      success: t('restoreStarted'),
    });
  }

  _restoreOriginal(run) {
    return this.confirmAndAct({
      dialog: {
        title: t('restoreOriginalTitle', { id: run.id, target: runTargetName(run) }), text: t('restoreOriginalText'),
        confirm: t('restoreOriginal'), danger: true, reason: true, reasonLine: true,
        reasonLabel: t('confirmName', { target: runTargetName(run) }),
      },
      key: `restore-${run.id}`,
      action: (typed) => api(`${API}/restores`, { method: 'POST', json: { backupId: run.id, destination: 'original', confirm: typed } }),
      success: t('restoreStarted'),
    });
  }

  _cancel(operation) {
    return this.confirmAndAct({
      dialog: { title: t('cancelTitle', { kind: t(operation.kind) }), text: t('cancelText'), confirm: t('cancel'), danger: true },
      key: `cancel-${operation.id}`,
      action: () => api(`${API}/operations/${encodeURIComponent(operation.id)}/cancel`, { method: 'POST' }),
      success: t('cancelled'),
    });
  }

  renderPage() {
    const tools = hasPermission(PERMISSIONS.OPERATE) ? html`
      <button type="button" class="ops-button" data-testid="pre-upgrade" ?disabled=${this.isBusy('pre-upgrade')}
          @click=${() => this._preUpgrade()}>${t('preUpgrade')}</button>` : nothing;
    return html`${this.renderHeader(t('title'), t('intro'), tools)}${this.renderBody()}`;
  }

  renderContent(data) {
    return html`
      <div class="ops-stack">
        ${data.selected ? this._detail(data.selected) : nothing}
        ${this._overview(data)}
        ${this._operations(data.operations)}
      </div>
      ${this._backups(data)}
      ${this._restores(data.restores)}`;
  }

  _overview(data) {
    const o = data.overview ?? {};
    const running = data.operations.filter((x) => x.state === 'RUNNING').length;
    return html`
      <div class="ops-grid" data-testid="backup-overview">
        <div class="ops-card ops-stat"><span class="ops-stat__label">${t('size')}</span>
          <span class="ops-stat__value" data-testid="repository-size">${formatBytes(o.sizeBytes)}</span></div>
        <div class="ops-card ops-stat"><span class="ops-stat__label">${t('free')}</span>
          <span class="ops-stat__value">${formatBytes(o.freeBytes)}</span></div>
        <div class="ops-card ops-stat"><span class="ops-stat__label">${t('completeCount')}</span>
          <span class="ops-stat__value">${formatNumber(o.complete ?? 0)}</span></div>
        <div class="ops-card ops-stat"><span class="ops-stat__label">${t('running')}</span>
          <span class="ops-stat__value">${formatNumber(running)}</span></div>
      </div>
      <section class="ops-card" aria-labelledby="ops-backups-usage-title">
        <h2 class="ops-section-title" id="ops-backups-usage-title">${t('usage')}</h2>
        ${o.repository ? html`<p class="ops-muted">${t('repository')}${t('colon')}<span class="ops-mono">${o.repository}</span></p>` : nothing}
        ${this._usageChart(listOf(o.usage))}
      </section>`;
  }

  /** The repository's size by day, as bars. */
  _usageChart(days) {
    if (!days.length) {
      return html`<p class="ops-empty">${t('noUsage')}</p>`;
    }
    const width = 720;
    const height = 140;
    const left = 56;
    const bottom = 20;
    const max = Math.max(...days.map((d) => d.sizeBytes), 1);
    const step = (width - left) / days.length;
    const bar = Math.max(2, Math.min(24, step * 0.7));
    const y = (v) => (height - bottom) - ((height - bottom - 8) * v) / max;
    return html`
      <svg class="ops-backups-usage" viewBox="0 0 ${width} ${height}" role="img" aria-label=${t('usage')} data-testid="usage-chart">
        <line class="ops-backups-usage__line" x1=${left} x2=${width} y1=${height - bottom} y2=${height - bottom}></line>
        <text class="ops-backups-usage__axis" x=${left - 6} y=${y(max) + 4} text-anchor="end">${formatBytes(max)}</text>
        <text class="ops-backups-usage__axis" x=${left - 6} y=${height - bottom} text-anchor="end">0</text>
        ${days.map((d, i) => svg`
          <rect class="ops-backups-usage__bar" x=${left + i * step + (step - bar) / 2} y=${y(d.sizeBytes)} width=${bar}
              height=${Math.max(1, (height - bottom) - y(d.sizeBytes))}>
            <title>${d.day}：${formatBytes(d.sizeBytes)}，${formatNumber(d.backups)} ${t('completeCount')}</title>
          </rect>`)}
        ${days.length === 1
          ? svg`<text class="ops-backups-usage__axis" x=${left + step / 2} y=${height - 4} text-anchor="middle">${days[0].day}</text>`
          : svg`<text class="ops-backups-usage__axis" x=${left} y=${height - 4}>${days[0].day}</text>
            <text class="ops-backups-usage__axis" x=${width} y=${height - 4} text-anchor="end">${days[days.length - 1].day}</text>`}
      </svg>`;
  }

  _operations(operations) {
    const running = operations.filter((o) => o.state === 'RUNNING');
    const finished = operations.filter((o) => o.state !== 'RUNNING').slice(0, 3);
    return html`
      <section class="ops-card" aria-labelledby="ops-backups-operations-title" data-testid="operations">
        <h2 class="ops-section-title" id="ops-backups-operations-title">${t('operations')}</h2>
        ${running.length ? html`<div class="ops-backups-progress">${running.map((o) => this._progress(o))}</div>`
          : html`<p class="ops-empty">${t('noOperations')}</p>`}
        ${finished.length ? html`
          <h3 class="ops-muted">${t('recent')}</h3>
          <ul class="ops-backups-progress">${finished.map((o) => html`
            <li class="ops-backups-progress__item" data-operation=${o.id} data-state=${o.state}>
              <div class="ops-backups-progress__head">
                <span class="ops-backups-progress__title">${t(o.kind)} · ${runTargetName(o)}</span>
                ${stateBadge(o.state)}
                <span class="ops-muted">${formatDateTime(o.finishedAt)}</span>
              </div>
              <div class="ops-backups-wrap">${localText(o.result)}</div>
            </li>`)}</ul>` : nothing}
      </section>`;
  }

  _progress(o) {
    const share = o.tables > 0 ? Math.min(1, o.tablesDone / o.tables) : null;
    const rowsShare = o.estimatedRows > 0 ? Math.min(1, o.rows / o.estimatedRows) : null;
    const fraction = rowsShare ?? share;
    return html`
      <div class="ops-backups-progress__item" data-operation=${o.id} data-state="RUNNING">
        <div class="ops-backups-progress__head">
          <span class="ops-backups-progress__title">${t(o.kind)} · ${runTargetName(o)}</span>
          <span>${lang() === 'en' ? o.phaseEn : o.phase}</span>
          ${o.tables > 0 ? html`<span class="ops-muted">${t('progressTables', { done: o.tablesDone, total: o.tables })}</span>` : nothing}
          <span class="ops-muted">${t('progressRows', { rows: formatNumber(o.rows) })} · ${formatBytes(o.bytes)}</span>
          <span class="ops-muted">${formatDuration(Math.max(0, (Date.now() - Date.parse(o.startedAt)) / 1000))}</span>
          ${hasPermission(PERMISSIONS.OPERATE) ? html`<button type="button" class="ops-button ops-button--small"
              data-testid="cancel-operation" ?disabled=${this.isBusy(`cancel-${o.id}`)} @click=${() => this._cancel(o)}>${t('cancel')}</button>` : nothing}
        </div>
        <progress class="ops-backups-progress__bar" max="100" value=${fraction === null ? nothing : Math.round(fraction * 100)}
            aria-label=${`${t(o.kind)} · ${runTargetName(o)}`}></progress>
      </div>`;
  }

  _backups(data) {
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    const mayRestore = hasPermission(PERMISSIONS.RESTORE);
    return html`
      <section aria-labelledby="ops-backups-list-title">
        <h2 class="ops-section-title" id="ops-backups-list-title">${t('backups')}</h2>
        <div class="ops-toolbar">
          <label class="ops-visually-hidden" for="ops-backups-target">${t('target')}</label>
          <select class="ops-input" id="ops-backups-target" data-testid="filter-target" @change=${(e) => this._filter('_target', e.target.value)}>
            <option value="">${t('allTargets')}</option>
            ${data.targets.map((x) => html`<option value=${x.id} ?selected=${String(x.id) === this._target}>${targetName(x)}</option>`)}
          </select>
          <label class="ops-visually-hidden" for="ops-backups-state">${t('state')}</label>
          <select class="ops-input" id="ops-backups-state" data-testid="filter-state" @change=${(e) => this._filter('_state', e.target.value)}>
            <option value="">${t('allStates')}</option>
            ${STATES.map((s) => html`<option value=${s} ?selected=${s === this._state}>${t(s)}</option>`)}
          </select>
        </div>
        ${renderTable({
          testid: 'backups',
          columns: [t('backup'), t('target'), t('reason'), t('state'), t('startedAt'), t('duration'), t('sizeColumn'), t('content'),
            t('verification'), t('actions')],
          items: data.runs,
          empty: t('noBackups'),
          row: (run) => html`
            <tr data-backup=${run.id} data-state=${run.state}>
              <td class="ops-table__mono"><a href="#/backups/${encodeURIComponent(run.id)}">${run.id}</a></td>
              <td>${runTargetName(run)}</td>
              <td>${t(run.reason)}${run.note ? html`<span class="ops-table__secondary">${run.note}</span>` : nothing}</td>
              <td>${stateBadge(run.state)}${run.error ? html`<span class="ops-table__secondary ops-backups-wrap">${localText(run.error)}</span>` : nothing}</td>
              <td class="ops-nowrap">${formatDateTime(run.startedAt)}<span class="ops-table__secondary">${run.requestedBy ?? t('system')}</span></td>
              <td class="ops-table__number">${durationText(run.durationMs)}</td>
              <td class="ops-table__number">${formatBytes(run.sizeBytes)}</td>
              <td>${contentText(run)}</td>
              <td>${run.state === 'COMPLETE' || run.verifyState !== 'NONE' ? verifyBadge(run.verifyState) : '—'}
                ${run.verifiedAt ? html`<span class="ops-table__secondary">${formatDateTime(run.verifiedAt)}</span>` : nothing}</td>
              <td>${run.state === 'COMPLETE' ? html`<span class="ops-actions">
                ${mayOperate ? html`<button type="button" class="ops-button ops-button--small" data-testid="verify-backup"
                    ?disabled=${this.isBusy(`verify-${run.id}`)} @click=${() => this._verify(run)}>${t('verify')}</button>` : nothing}
                ${mayRestore ? html`<button type="button" class="ops-button ops-button--small" data-testid="restore-scratch"
                    ?disabled=${this.isBusy(`restore-${run.id}`)} @click=${() => this._restoreScratch(run)}>${t('restoreScratch')}</button>` : nothing}
                ${mayRestore && this._restorableInPlace(data, run) ? html`<button type="button"
                    class="ops-button ops-button--small ops-button--danger" data-testid="restore-original"
                    ?disabled=${this.isBusy(`restore-${run.id}`)} @click=${() => this._restoreOriginal(run)}>${t('restoreOriginal')}</button>` : nothing}
              </span>` : nothing}</td>
            </tr>`,
        })}
      </section>`;
  }

  /** The console's own database is never restored over while the console runs. */
  _restorableInPlace(data, run) {
    const target = data.targets.find((x) => x.id === run.targetId);
    return Boolean(target) && target.kind !== 'console';
  }

  _detail(run) {
    if (run.missing) {
      return html`<p class="ops-notice ops-notice--warn" role="alert" data-testid="backup-missing">${t('notFound', { id: run.missing })}
        ${run.error ? html`（${problemText(run.error)}）` : nothing}</p>`;
    }
    const facts = [
      [t('target'), runTargetName(run)], [t('reason'), t(run.reason)], [t('note'), run.note], [t('state'), stateBadge(run.state)],
      [t('requestedBy'), run.requestedBy ?? t('system')], [t('node'), run.node], [t('startedAt'), formatDateTime(run.startedAt)],
      [t('finishedAt'), formatDateTime(run.finishedAt)], [t('duration'), durationText(run.durationMs)],
      [t('sizeColumn'), formatBytes(run.sizeBytes)], [t('plainBytes'), formatBytes(run.plainBytes)], [t('content'), contentText(run)],
      [t('cipher'), run.cipher], [t('keyId'), run.keyId],
      [t('source'), run.source ? `${run.source.product} · ${run.source.database}` : null],
      [t('folder'), run.folder?.path], [t('verification'), verifyBadge(run.verifyState)], [t('error'), localText(run.error ?? run.manifestError)],
    ].filter(([, value]) => value !== null && value !== undefined && value !== '');
    return html`
      <section class="ops-card ops-backups-detail" data-testid="backup-detail" aria-labelledby="ops-backups-detail-title">
        <div class="ops-toolbar">
          <h2 class="ops-section-title" id="ops-backups-detail-title">${t('detailTitle', { id: run.id })}</h2>
          <span class="ops-toolbar__spacer"></span>
          <a class="ops-button ops-button--small" href="#/backups" data-testid="close-detail">${t('closeDetail')}</a>
        </div>
        <dl class="ops-facts">${facts.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
        ${run.tableList ? html`
          <h3 class="ops-section-title">${t('tables')}</h3>
          ${renderTable({
            testid: 'backup-tables', columns: [t('tableName'), t('rows'), t('columns'), t('checksum')], items: run.tableList, empty: '—',
            row: (x) => html`<tr><td class="ops-table__mono">${x.name}</td><td class="ops-table__number">${formatNumber(x.rows)}</td>
              <td class="ops-table__number">${x.columns}</td><td class="ops-table__mono">${x.checksum}</td></tr>`,
          })}` : nothing}
        ${run.fileList ? html`
          <h3 class="ops-section-title">${t('files')}</h3>
          ${renderTable({
            testid: 'backup-files', columns: [t('fileName'), t('sizeColumn'), 'SHA-256'], items: run.fileList, empty: '—',
            row: (x) => html`<tr><td class="ops-table__mono">${x.name}</td><td class="ops-table__number">${formatBytes(x.size)}</td>
              <td class="ops-table__mono">${x.sha256}</td></tr>`,
          })}` : nothing}
        <h3 class="ops-section-title">${t('verifications')}</h3>
        ${renderTable({
          testid: 'backup-verifications', columns: [t('startedAt'), t('outcome'), t('duration'), t('requestedBy'), t('detail')],
          items: listOf(run.verifications), empty: t('noVerifications'),
          row: (v) => html`<tr data-outcome=${v.outcome}><td class="ops-nowrap">${formatDateTime(v.startedAt)}</td>
            <td>${verifyBadge(v.outcome)}</td><td class="ops-table__number">${durationText(v.durationMs)}</td>
            <td>${v.requestedBy ?? t('system')}</td><td class="ops-backups-wrap">${localText(v.detail)}</td></tr>`,
        })}
      </section>`;
  }

  _restores(restores) {
    return html`
      <section aria-labelledby="ops-backups-restores-title">
        <h2 class="ops-section-title" id="ops-backups-restores-title">${t('restores')}</h2>
        ${renderTable({
          testid: 'restores',
          columns: [t('startedAt'), t('backup'), t('destination'), t('location'), t('state'), t('duration'), t('requestedBy'), t('detail')],
          items: restores,
          empty: t('noRestores'),
          row: (r) => html`
            <tr data-restore=${r.id} data-state=${r.state}>
              <td class="ops-nowrap">${formatDateTime(r.startedAt)}</td>
              <td class="ops-table__mono"><a href="#/backups/${encodeURIComponent(r.backupId)}">${r.backupId}</a></td>
              <td>${t(r.destination)}${r.safetyBackupId ? html`<span class="ops-table__secondary">${t('safety')}：
                <a href="#/backups/${encodeURIComponent(r.safetyBackupId)}">${r.safetyBackupId}</a></span>` : nothing}</td>
              <td class="ops-table__mono ops-backups-wrap">${r.location ?? '—'}</td>
              <td>${stateBadge(r.state)}</td>
              <td class="ops-table__number">${durationText(r.durationMs)}</td>
              <td>${r.requestedBy}</td>
              <td class="ops-backups-wrap">${localText(r.detail)}</td>
            </tr>`,
        })}
      </section>`;
  }
}

if (!customElements.get('ops-backups-page')) {
  customElements.define('ops-backups-page', OpsBackupsPage);
}
