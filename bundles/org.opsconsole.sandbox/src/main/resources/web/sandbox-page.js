/**
 * `<ops-sandbox-page>`: the Sandbox page (模拟平台). The simulated non-tax revenue platform: its newest data generation
 * with its progress (`GET /api/sandbox/generation`, followed every 1.5 s while one runs), the rows of each of its tables
 * and the anomalies injected (`GET /api/sandbox/data`, the ground truth at `/api/sandbox/ground-truth`), and, for users
 * with `sandbox.operate`, generating the data again with a seed and a scale (`POST /api/sandbox/generation`, stopped
 * with `DELETE`) and the fault switches of its HTTP service (`GET`/`PUT /api/sandbox/faults/<id>`). Forms check what a
 * browser can before sending and show the server's field errors next to the fields.
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, bilingual, fieldErrors, formatDateTime, formatNumber, hasPermission, localized, messages, problemText,
} from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '模拟平台',
    intro: '模拟的非税收入管理一体化平台：独立的数据库（执收单位、收费项目、缴款书、收缴记录、银行对账单、总账明细账、用户权限与登录日志），按种子与规模确定地生成，并注入已知的异常；其 HTTP 服务可开启模拟故障，用于演示与测试监控、对账、权限审计等模块。',
    refresh: '刷新',
    loading: '正在加载模拟平台…',
    loadFailed: '无法加载模拟平台：{message}',
    retry: '重试',
    generation: '数据生成',
    noGeneration: '尚未生成数据。',
    state: '状态',
    seed: '种子',
    scale: '规模',
    startedAt: '开始时间',
    finishedAt: '结束时间',
    requestedBy: '发起人',
    rows: '已写入行数',
    progress: '进度',
    RUNNING: '生成中',
    COMPLETE: '完整',
    FAILED: '失败',
    CANCELLED: '已取消',
    INTERRUPTED: '已中断',
    notWhole: '最近一次生成未完成，当前数据不完整，异常基准不可用。',
    stop: '停止生成',
    stopping: '正在停止…',
    regenerate: '重新生成数据',
    regenerateHint: '以同一种子和规模生成的数据完全相同。规模 1 约为一年、200 个执收单位、50 万张缴款书。',
    scaleHint: '0.001 至 100，最多三位小数',
    seedHint: '0 至 9007199254740991 的整数',
    start: '开始生成',
    starting: '正在提交…',
    confirm: '重新生成会清空模拟平台的全部数据（包括通过其接口新增的收缴与登录记录）。确定以种子 {seed}、规模 {scale} 重新生成吗？',
    confirmYes: '确定重新生成',
    cancel: '取消',
    started: '已开始生成（#{id}）。',
    badSeed: '须为 0 至 9007199254740991 之间的整数',
    badScale: '须为 0.001 至 100 之间的数，最多三位小数',
    checkFields: '请检查标出的字段。',
    tables: '数据规模',
    table: '数据表',
    rowCount: '行数',
    total: '合计',
    database: '数据库',
    anomalies: '已注入的异常（基准）',
    anomaliesHint: '其他模块应恰好发现这些异常。',
    groundTruth: '查看异常基准 JSON',
    bankLinesWithoutCollection: '银行有、平台无的单边账',
    collectionsWithoutBankLine: '平台有、银行无的单边账',
    amountMismatches: '金额不符',
    duplicateSerials: '重复流水号',
    dormantUsers: '长期未登录用户',
    excessRoles: '超出岗位模板的角色',
    conflictingRoles: '持有不相容角色的用户',
    wideDataScopes: '超出本单位的数据权限',
    failedLoginBursts: '集中登录失败',
    faults: '模拟故障',
    faultsHint: '开关作用于模拟平台的 HTTP 服务 {path}，重启后保持；每次变更记入审计日志。',
    fault: '故障',
    enabled: '开启',
    setting: '设置',
    changed: '最后变更',
    save: '保存',
    saving: '正在保存…',
    saved: '已保存“{name}”。',
    on: '已开启',
    off: '已关闭',
    by: '{who}，{time}',
    endpoints: '平台接口',
    endpointHealth: '健康检查',
    endpointLogin: '登录（写入登录日志）',
    endpointNotice: '按缴款码查询缴款书',
    endpointCollection: '上报收缴（代收银行）',
    actionFailed: '操作失败：{message}',
  },
  en: {
    title: 'Sandbox',
    intro: 'A simulated non-tax revenue platform: a database of its own (collecting units, fee items, payment notices, collections, bank statements, ledger, users and permissions, login log) generated deterministically from a seed and a scale, with known anomalies injected; its HTTP service can be made to show faults, to demonstrate and test monitoring, reconciliation, permission audits and the other modules.',
    refresh: 'Refresh',
    loading: 'Loading the sandbox…',
    loadFailed: 'The sandbox could not be loaded: {message}',
    retry: 'Retry',
    generation: 'Data generation',
    noGeneration: 'No data has been generated yet.',
    state: 'State',
    seed: 'Seed',
    scale: 'Scale',
    startedAt: 'Started',
    finishedAt: 'Finished',
    requestedBy: 'Requested by',
    rows: 'Rows written',
    progress: 'Progress',
    RUNNING: 'Running',
    COMPLETE: 'Complete',
    FAILED: 'Failed',
    CANCELLED: 'Cancelled',
    INTERRUPTED: 'Interrupted',
    notWhole: 'The newest generation did not finish: the data is not whole and there is no ground truth.',
    stop: 'Stop',
    stopping: 'Stopping…',
    regenerate: 'Generate the data again',
    regenerateHint: 'The same seed and scale give the same data. Scale 1 is about one year, 200 collecting units and 500,000 payment notices.',
    scaleHint: '0.001 to 100, at most three decimals',
    seedHint: 'A whole number from 0 to 9007199254740991',
    start: 'Generate',
    starting: 'Sending…',
    confirm: 'Generating again empties all of the sandbox\'s data (collections and sign-ins made through its service too). Generate with seed {seed} and scale {scale}?',
    confirmYes: 'Generate again',
    cancel: 'Cancel',
    started: 'The generation started (#{id}).',
    badSeed: 'Must be a whole number from 0 to 9007199254740991',
    badScale: 'Must be a number from 0.001 to 100 with at most three decimals',
    checkFields: 'Please check the marked fields.',
    tables: 'Data sizes',
    table: 'Table',
    rowCount: 'Rows',
    total: 'Total',
    database: 'Database',
    anomalies: 'Injected anomalies (ground truth)',
    anomaliesHint: 'The other modules should find exactly these.',
    groundTruth: 'Open the ground truth (JSON)',
    bankLinesWithoutCollection: 'Bank lines without a collection',
    collectionsWithoutBankLine: 'Collections without a bank line',
    amountMismatches: 'Amount mismatches',
    duplicateSerials: 'Duplicate bank serials',
    dormantUsers: 'Dormant users',
    excessRoles: 'Roles beyond the job template',
    conflictingRoles: 'Users with incompatible roles',
    wideDataScopes: 'Data scopes wider than the unit',
    failedLoginBursts: 'Failed-login bursts',
    faults: 'Simulated faults',
    faultsHint: 'The switches act on the platform\'s HTTP service at {path}, survive restarts, and each change is audited.',
    fault: 'Fault',
    enabled: 'On',
    setting: 'Setting',
    changed: 'Last changed',
    save: 'Save',
    saving: 'Saving…',
    saved: '"{name}" was saved.',
    on: 'On',
    off: 'Off',
    by: '{who}, {time}',
    endpoints: 'Platform endpoints',
    endpointHealth: 'Health check',
    endpointLogin: 'Sign in (written to the login log)',
    endpointNotice: 'A payment notice by its pay code',
    endpointCollection: 'Report a collection (agency bank)',
    actionFailed: 'That did not work: {message}',
  },
});

const DATA_URL = '/api/sandbox/data';
const GENERATION_URL = '/api/sandbox/generation';
const FAULTS_URL = '/api/sandbox/faults';
const GROUND_TRUTH_URL = '/api/sandbox/ground-truth';
const MAX_SEED = 9007199254740991n;
const SCALE_PATTERN = /^\d{1,3}(\.\d{1,3})?$/;
const STATE_BADGES = { RUNNING: 'warn', COMPLETE: 'ok', FAILED: 'error', CANCELLED: 'muted', INTERRUPTED: 'error' };
const ANOMALIES = ['bankLinesWithoutCollection', 'collectionsWithoutBankLine', 'amountMismatches', 'duplicateSerials',
  'dormantUsers', 'excessRoles', 'conflictingRoles', 'wideDataScopes', 'failedLoginBursts'];
const POLL_MS = 1500;

/** The checks a browser can make on the regenerate form: field errors by name. */
function checkGeneration(seed, scale) {
  const errors = {};
  let seedOk = /^\d{1,16}$/.test(seed.trim());
  if (seedOk) {
    seedOk = BigInt(seed.trim()) <= MAX_SEED;
  }
  if (!seedOk) {
    errors.seed = [t('badSeed')];
  }
  const value = Number(scale.trim());
  if (!SCALE_PATTERN.test(scale.trim()) || value < 0.001 || value > 100) {
    errors.scale = [t('badScale')];
  }
  return errors;
}

class OpsSandboxPage extends LitElement {
  static properties = {
    _data: { state: true },
    _faults: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _form: { state: true },
    _edits: { state: true },
    _busy: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._data = null;
    this._faults = [];
    this._error = null;
    this._loading = false;
    /** The regenerate form: `{seed, scale, errors, error, confirming, busy}`. */
    this._form = { seed: '', scale: '1', errors: {}, error: null, confirming: false, busy: false };
    /** The fault rows being edited, by id: `{enabled, setting, errors}`. */
    this._edits = new Map();
    /** Fault ids and 'stop' with a request under way. */
    this._busy = new Set();
    this._notice = null;
    this._timer = null;
    this._requests = 0;
    this._onLangChange = () => this.requestUpdate();
  }

  /** Light DOM, so that the console's shared `.ops-*` styles apply. */
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
    this._load();
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    clearTimeout(this._timer);
    this._timer = null;
    super.disconnectedCallback();
  }

  async _load() {
    const request = ++this._requests;
    this._loading = true;
    try {
      const [data, faults] = await Promise.all([api(DATA_URL), api(FAULTS_URL)]);
      if (request === this._requests) {
        this._data = data;
        this._faults = Array.isArray(faults?.faults) ? faults.faults : [];
        this._error = null;
        if (this._form.seed === '' && data?.generation) {
          this._form = { ...this._form, seed: String(data.generation.seed), scale: String(data.generation.scale) };
        }
        this._follow();
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole sandbox: the sandbox could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
      }
    }
  }

  /** While a generation runs, asks for its progress every 1.5 s; reloads everything when it ends. */
  _follow() {
    clearTimeout(this._timer);
    this._timer = null;
    if (!this._data?.generation?.live || !this.isConnected) {
      return;
    }
    this._timer = setTimeout(async () => {
      try {
        const answer = await api(GENERATION_URL);
        const generation = answer?.generation ?? null;
        if (generation && generation.live) {
          this._data = { ...this._data, generation };
          this._follow();
        } else {
          this._load();
        }
      } catch (error) {
        console.error('opsconsole sandbox: the progress could not be read', error);
        this._follow();
      }
    }, POLL_MS);
  }

  _setBusy(key, busy) {
    const next = new Set(this._busy);
    if (busy) {
      next.add(key);
    } else {
      next.delete(key);
    }
    this._busy = next;
  }

  // ---------------------------------------------------------------- generating

  _input(field, value) {
    const errors = { ...this._form.errors };
    delete errors[field];
    this._form = { ...this._form, [field]: value, errors, confirming: false };
  }

  _ask(event) {
    event.preventDefault();
    const errors = checkGeneration(this._form.seed, this._form.scale);
    this._notice = null;
    if (Object.keys(errors).length) {
      this._form = { ...this._form, errors, error: t('checkFields'), confirming: false };
      return;
    }
    this._form = { ...this._form, errors: {}, error: null, confirming: true };
  }

  async _generate() {
    this._form = { ...this._form, busy: true, error: null };
    try {
      const answer = await api(GENERATION_URL, {
        method: 'POST', json: { seed: this._form.seed.trim(), scale: this._form.scale.trim() },
      });
      this._form = { ...this._form, busy: false, confirming: false };
      this._notice = { ok: true, text: t('started', { id: answer?.generation?.id ?? '' }) };
      await this._load();
    } catch (error) {
      const errors = fieldErrors(error);
      this._form = {
        ...this._form, busy: false, confirming: false, errors,
        error: Object.keys(errors).length ? t('checkFields') : problemText(error),
      };
    }
  }

  async _stop() {
    this._setBusy('stop', true);
    try {
      await api(GENERATION_URL, { method: 'DELETE' });
    } catch (error) {
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    } finally {
      this._setBusy('stop', false);
      this._follow();
    }
  }

  // ---------------------------------------------------------------- faults

  _edit(fault) {
    return this._edits.get(fault.id) ?? { enabled: fault.enabled, setting: fault.hasSetting ? String(fault.setting) : '', errors: {} };
  }

  _change(fault, change) {
    const next = new Map(this._edits);
    next.set(fault.id, { ...this._edit(fault), ...change, errors: {} });
    this._edits = next;
  }

  async _saveFault(fault) {
    const edit = this._edit(fault);
    const body = { enabled: edit.enabled };
    if (fault.hasSetting) {
      const value = edit.setting.trim();
      if (!/^\d+$/.test(value) || Number(value) < fault.min || Number(value) > fault.max) {
        const next = new Map(this._edits);
        next.set(fault.id, { ...edit, errors: { setting: [`${fault.min} – ${fault.max} ${fault.unit}`] } });
        this._edits = next;
        return;
      }
      body.setting = Number(value);
    }
    this._setBusy(fault.id, true);
    this._notice = null;
    try {
      const saved = await api(`${FAULTS_URL}/${encodeURIComponent(fault.id)}`, { method: 'PUT', json: body });
      this._faults = this._faults.map((f) => (f.id === fault.id ? saved : f));
      const next = new Map(this._edits);
      next.delete(fault.id);
      this._edits = next;
      this._notice = { ok: true, text: t('saved', { name: localized(fault.title) }) };
    } catch (error) {
      const next = new Map(this._edits);
      next.set(fault.id, { ...edit, errors: fieldErrors(error) });
      this._edits = next;
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    } finally {
      this._setBusy(fault.id, false);
    }
  }

  // ---------------------------------------------------------------- rendering

  render() {
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      <div class="ops-toolbar">
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>${t('refresh')}</button>
      </div>
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-page-message"
            role=${this._notice.ok ? 'status' : 'alert'} data-testid="sandbox-notice">${this._notice.text}</p>` : nothing}
      ${this._error ? html`
        <div class="ops-error" role="alert" data-testid="sandbox-error">
          <strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p>
        </div>` : nothing}
      ${this._data === null
        ? (this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`)
        : html`
          <div class="ops-stack">
            ${this._renderGeneration()}
            ${hasPermission('sandbox.operate') ? this._renderForm() : nothing}
            ${this._renderAnomalies()}
          </div>
          ${this._renderTables()}
          ${this._renderFaults()}
          ${this._renderEndpoints()}`}`;
  }

  _renderGeneration() {
    const g = this._data.generation;
    if (!g) {
      return html`<section class="ops-card" data-testid="sandbox-generation">
        <h2 class="ops-section-title">${t('generation')}</h2><p class="ops-empty">${t('noGeneration')}</p></section>`;
    }
    return html`
      <section class="ops-card" data-testid="sandbox-generation" data-state=${g.state}>
        <h2 class="ops-section-title">${t('generation')} #${g.id}
          <span class="ops-badge ops-badge--${STATE_BADGES[g.state] ?? 'muted'}" data-testid="generation-state">${t(g.state)}</span>
        </h2>
        <div class="ops-grid">
          <div class="ops-stat"><span class="ops-stat__label">${t('seed')}</span><span class="ops-stat__value ops-mono">${g.seed}</span></div>
          <div class="ops-stat"><span class="ops-stat__label">${t('scale')}</span><span class="ops-stat__value">${g.scale}</span></div>
          <div class="ops-stat"><span class="ops-stat__label">${t('rows')}</span>
            <span class="ops-stat__value">${formatNumber(g.rowsWritten)}</span></div>
          <div class="ops-stat"><span class="ops-stat__label">${t('startedAt')}</span>
            <span class="ops-stat__value">${formatDateTime(g.startedAt)}</span>
            <span class="ops-stat__note">${t('requestedBy')}: ${g.requestedBy}</span></div>
          <div class="ops-stat"><span class="ops-stat__label">${t('finishedAt')}</span>
            <span class="ops-stat__value">${formatDateTime(g.finishedAt)}</span></div>
        </div>
        ${g.live ? html`
          <p>
            <label for="ops-sandbox-progress">${t('progress')}: ${g.percent}%</label>
            <progress id="ops-sandbox-progress" max="100" value=${g.percent} data-testid="generation-progress"></progress>
            <span class="ops-muted">${bilingual(g.phase ?? '')}</span>
            ${hasPermission('sandbox.operate') ? html`
              <button type="button" class="ops-button ops-button--small ops-button--danger" ?disabled=${this._busy.has('stop')}
                  @click=${() => this._stop()}>${this._busy.has('stop') ? t('stopping') : t('stop')}</button>` : nothing}
          </p>` : nothing}
        ${g.message ? html`<p class="ops-muted" data-testid="generation-message">${bilingual(g.message)}</p>` : nothing}
        ${!g.complete && !g.live ? html`<p class="ops-notice ops-notice--warn">${t('notWhole')}</p>` : nothing}
      </section>`;
  }

  _fieldError(field) {
    const errors = this._form.errors[field] ?? [];
    return errors.length ? html`<div class="ops-field__error" id="ops-sandbox-${field}-error" data-error=${field}>
      ${errors.join(' ')}</div>` : nothing;
  }

  _renderForm() {
    const form = this._form;
    const running = Boolean(this._data.generation?.live);
    return html`
      <section class="ops-card ops-form-card" data-testid="sandbox-form">
        <h2 class="ops-section-title ops-form-card__title">${t('regenerate')}</h2>
        <p class="ops-muted">${t('regenerateHint')}</p>
        ${form.error ? html`<p class="ops-error ops-form__error" role="alert">${form.error}</p>` : nothing}
        <form class="ops-form" novalidate @submit=${(event) => this._ask(event)}>
          <div class="ops-field">
            <label class="ops-field__label" for="ops-sandbox-seed">${t('seed')}</label>
            <input id="ops-sandbox-seed" class="ops-input ops-input--block" inputmode="numeric" autocomplete="off"
                .value=${form.seed} aria-invalid=${String(Boolean(form.errors.seed))} aria-describedby="ops-sandbox-seed-hint"
                @input=${(e) => this._input('seed', e.target.value)}>
            <span class="ops-field__hint" id="ops-sandbox-seed-hint">${t('seedHint')}</span>
            ${this._fieldError('seed')}
          </div>
          <div class="ops-field">
            <label class="ops-field__label" for="ops-sandbox-scale">${t('scale')}</label>
            <input id="ops-sandbox-scale" class="ops-input ops-input--block" inputmode="decimal" autocomplete="off"
                .value=${form.scale} aria-invalid=${String(Boolean(form.errors.scale))} aria-describedby="ops-sandbox-scale-hint"
                @input=${(e) => this._input('scale', e.target.value)}>
            <span class="ops-field__hint" id="ops-sandbox-scale-hint">${t('scaleHint')}</span>
            ${this._fieldError('scale')}
          </div>
          ${form.confirming ? html`
            <div class="ops-notice ops-notice--warn" role="alertdialog" data-testid="sandbox-confirm">
              <p>${t('confirm', { seed: form.seed.trim(), scale: form.scale.trim() })}</p>
              <div class="ops-form__actions">
                <button type="button" class="ops-button ops-button--danger" ?disabled=${form.busy}
                    @click=${() => this._generate()}>${form.busy ? t('starting') : t('confirmYes')}</button>
                <button type="button" class="ops-button" @click=${() => { this._form = { ...form, confirming: false }; }}>${t('cancel')}</button>
              </div>
            </div>` : html`
            <div class="ops-form__actions">
              <button type="submit" class="ops-button ops-button--primary" ?disabled=${running}>${t('start')}</button>
            </div>`}
        </form>
      </section>`;
  }

  _renderAnomalies() {
    const anomalies = this._data.anomalies;
    if (!anomalies) {
      return nothing;
    }
    return html`
      <section class="ops-card" data-testid="sandbox-anomalies">
        <h2 class="ops-section-title">${t('anomalies')}</h2>
        <p class="ops-muted">${t('anomaliesHint')}
          <a href=${GROUND_TRUTH_URL} target="_blank" rel="noopener">${t('groundTruth')}</a></p>
        <div class="ops-grid">
          ${ANOMALIES.map((kind) => html`
            <div class="ops-stat" data-anomaly=${kind}>
              <span class="ops-stat__label">${t(kind)}</span>
              <span class="ops-stat__value ops-stat__value--figure">${formatNumber(anomalies[kind] ?? 0)}</span>
            </div>`)}
        </div>
      </section>`;
  }

  _renderTables() {
    const tables = Array.isArray(this._data.tables) ? this._data.tables : [];
    return html`
      <h2 class="ops-section-title">${t('tables')}</h2>
      <p class="ops-muted">${t('database')}: <span class="ops-mono">${this._data.database?.url}</span> (${this._data.database?.dialect})</p>
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="sandbox-tables">
          <thead><tr><th>${t('table')}</th><th class="ops-table__number">${t('rowCount')}</th></tr></thead>
          <tbody>
            ${tables.map((table) => html`
              <tr data-table=${table.name}>
                <td>${localized(table.title)}<span class="ops-table__secondary ops-table__mono">${table.name}</span></td>
                <td class="ops-table__number">${formatNumber(table.rows)}</td>
              </tr>`)}
            <tr><td><strong>${t('total')}</strong></td>
              <td class="ops-table__number"><strong>${formatNumber(this._data.totalRows)}</strong></td></tr>
          </tbody>
        </table>
      </div>`;
  }

  _renderFaults() {
    const mayOperate = hasPermission('sandbox.operate');
    return html`
      <h2 class="ops-section-title">${t('faults')}</h2>
      <p class="ops-muted">${t('faultsHint', { path: this._data.platformPath })}</p>
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="sandbox-faults">
          <thead><tr><th>${t('fault')}</th><th>${t('enabled')}</th><th>${t('setting')}</th><th>${t('changed')}</th>
            ${mayOperate ? html`<th></th>` : nothing}</tr></thead>
          <tbody>${this._faults.map((fault) => this._renderFault(fault, mayOperate))}</tbody>
        </table>
      </div>`;
  }

  _renderFault(fault, mayOperate) {
    const edit = this._edit(fault);
    const busy = this._busy.has(fault.id);
    const settingError = edit.errors.setting ?? [];
    return html`
      <tr data-fault=${fault.id} data-enabled=${String(fault.enabled)}>
        <td><strong>${localized(fault.title)}</strong><span class="ops-table__secondary">${localized(fault.description)}</span></td>
        <td>
          ${mayOperate ? html`
            <label class="ops-check"><input type="checkbox" .checked=${edit.enabled} ?disabled=${busy}
                @change=${(e) => this._change(fault, { enabled: e.target.checked })}>
              <span class="ops-visually-hidden">${localized(fault.title)}</span></label>` : nothing}
          <span class="ops-badge ops-badge--${fault.enabled ? 'error' : 'muted'}">${fault.enabled ? t('on') : t('off')}</span>
        </td>
        <td class="ops-nowrap">
          ${fault.hasSetting ? (mayOperate ? html`
            <input class="ops-input" size="7" inputmode="numeric" .value=${edit.setting} ?disabled=${busy}
                aria-label="${localized(fault.title)} ${fault.unit}" aria-invalid=${String(settingError.length > 0)}
                @input=${(e) => this._change(fault, { setting: e.target.value })}> ${fault.unit}
            ${settingError.length ? html`<div class="ops-field__error" data-error="setting">${settingError.join(' ')}</div>` : nothing}`
            : html`${fault.setting} ${fault.unit}`) : html`<span class="ops-muted">—</span>`}
        </td>
        <td>${fault.updatedBy ? t('by', { who: fault.updatedBy, time: formatDateTime(fault.updatedAt) }) : html`<span class="ops-muted">—</span>`}</td>
        ${mayOperate ? html`<td>
          <button type="button" class="ops-button ops-button--small" ?disabled=${busy} data-testid="save-fault"
              @click=${() => this._saveFault(fault)}>${busy ? t('saving') : t('save')}</button></td>` : nothing}
      </tr>`;
  }

  _renderEndpoints() {
    const path = this._data.platformPath;
    const rows = [
      ['GET', `${path}/health`, 'endpointHealth'],
      ['POST', `${path}/login`, 'endpointLogin'],
      ['GET', `${path}/notices/{缴款码}`, 'endpointNotice'],
      ['POST', `${path}/collections`, 'endpointCollection'],
    ];
    return html`
      <h2 class="ops-section-title">${t('endpoints')}</h2>
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="sandbox-endpoints">
          <tbody>
            ${rows.map(([method, url, key]) => html`
              <tr><td class="ops-mono ops-table__narrow">${method}</td><td class="ops-mono">${url}</td><td>${t(key)}</td></tr>`)}
          </tbody>
        </table>
      </div>`;
  }
}

if (!customElements.get('ops-sandbox-page')) {
  customElements.define('ops-sandbox-page', OpsSandboxPage);
}
