/**
 * What the monitoring pages share: their texts (severities, states, common words), badges for severity, target state
 * and alert state, formatting of labels, metrics and values, conversion between `datetime-local` inputs and ISO times,
 * the time range picker `<ops-monitoring-range>`, the confirmation dialog `<ops-monitoring-dialog>` (with an optional
 * required reason), `MonitoringPage`, the base class that loads a page's data with loading, error and notice states,
 * re-renders on a language switch and follows live events while connected, and `EditableListPage`, its kind for a list
 * whose items are created, changed and deleted in a form above it.
 *
 * Every page imports this module by a relative path, so the browser may hold one copy per page folder: the custom
 * elements are therefore defined only once, by whichever copy comes first.
 *
 * @module monitoring-common
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, fieldErrors, formatDateTime, formatDuration, formatNumber, hasPermission, lang, messages, onConsoleEvent, problemText,
} from 'opsconsole';

/** The monitoring permissions, as `MonitoringPermissions` defines them. */
export const PERMISSIONS = Object.freeze({
  READ: 'monitoring.read',
  OPERATE: 'monitoring.operate',
  CONFIGURE: 'monitoring.configure',
});

/** The monitoring API's root. */
export const API = '/api/monitoring';

/** The severities, lowest first. */
export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];

/** The live event the server sends whenever a target's state or the alerts change. */
export const STATUS_EVENT = 'monitoring-status';

/** The texts every monitoring page uses, by language. */
const SHARED = {
  'zh-CN': {
    refresh: '刷新',
    retry: '重试',
    loading: '正在加载…',
    loadFailed: '无法加载：{message}',
    actionFailed: '操作失败：{message}',
    checkFields: '请检查标出的字段。',
    cancel: '取消',
    confirm: '确定',
    save: '保存',
    saving: '正在保存…',
    edit: '编辑',
    delete: '删除',
    create: '新建',
    close: '关闭',
    required: '必填',
    reason: '原因',
    reasonRequired: '请填写原因',
    yes: '是',
    no: '否',
    none: '无',
    all: '全部',
    INFO: '提示',
    WARNING: '警告',
    CRITICAL: '严重',
    UP: '正常',
    DOWN: '故障',
    UNKNOWN: '未知',
    MAINTENANCE: '维护中',
    FIRING: '告警中',
    RESOLVED: '已解决',
    ACKNOWLEDGED: '已确认',
    PENDING: '待触发',
    silenced: '已静默',
    enabled: '启用',
    disabled: '已停用',
    range: '时间范围',
    range1h: '1 小时',
    range6h: '6 小时',
    range24h: '24 小时',
    range7d: '7 天',
    range30d: '30 天',
    rangeCustom: '自定义',
    rangeFrom: '开始',
    rangeTo: '结束',
    rangeApply: '应用',
    rangeInvalid: '结束时间须晚于开始时间',
    labelsHint: '每行或以逗号分隔一个“键=值”，例如 env=prod',
    labelsInvalid: '“{part}”不是“键=值”的形式',
    colon: '：',
    since: '自 {time}',
    sinceFor: '{time}起，已持续 {duration}',
  },
  en: {
    refresh: 'Refresh',
    retry: 'Retry',
    loading: 'Loading…',
    loadFailed: 'Could not load: {message}',
    actionFailed: 'That did not work: {message}',
    checkFields: 'Please check the marked fields.',
    cancel: 'Cancel',
    confirm: 'OK',
    save: 'Save',
    saving: 'Saving…',
    edit: 'Edit',
    delete: 'Delete',
    create: 'New',
    close: 'Close',
    required: 'required',
    reason: 'Reason',
    reasonRequired: 'Please give a reason',
    yes: 'Yes',
    no: 'No',
    none: 'none',
    all: 'All',
    INFO: 'Info',
    WARNING: 'Warning',
    CRITICAL: 'Critical',
    UP: 'Up',
    DOWN: 'Down',
    UNKNOWN: 'Unknown',
    MAINTENANCE: 'Maintenance',
    FIRING: 'Firing',
    RESOLVED: 'Resolved',
    ACKNOWLEDGED: 'Acknowledged',
    PENDING: 'Pending',
    silenced: 'Silenced',
    enabled: 'Enabled',
    disabled: 'Disabled',
    range: 'Time range',
    range1h: '1 h',
    range6h: '6 h',
    range24h: '24 h',
    range7d: '7 d',
    range30d: '30 d',
    rangeCustom: 'Custom',
    rangeFrom: 'From',
    rangeTo: 'To',
    rangeApply: 'Apply',
    rangeInvalid: 'The end must be after the start',
    labelsHint: 'One key=value per line or separated by commas, e.g. env=prod',
    labelsInvalid: '"{part}" is not of the form key=value',
    colon: ': ',
    since: 'since {time}',
    sinceFor: 'since {time}, for {duration}',
  },
};

/**
 * A translation function over the shared texts and a page's own ones (the page's win).
 *
 * @param {Object<string, Object<string, string>>} own the page's texts by language
 * @returns {(key: string, params?: Object<string, *>) => string} as `messages` of `opsconsole` makes it
 */
export function pageMessages(own) {
  const tables = {};
  for (const language of Object.keys(SHARED)) {
    tables[language] = { ...SHARED[language], ...(own[language] ?? {}) };
  }
  return messages(tables);
}

/** The shared texts alone. */
export const t = pageMessages({});

/** Friendly names of the built-in probes' metrics; others show their name. */
const METRICS = {
  up: { 'zh-CN': '可用', en: 'Up' },
  probe_duration_ms: { 'zh-CN': '探测耗时', en: 'Probe duration' },
  host_cpu_used_ratio: { 'zh-CN': 'CPU 使用率', en: 'CPU used' },
  host_load1: { 'zh-CN': '1 分钟负载', en: 'Load (1 min)' },
  host_load5: { 'zh-CN': '5 分钟负载', en: 'Load (5 min)' },
  host_load15: { 'zh-CN': '15 分钟负载', en: 'Load (15 min)' },
  host_memory_used_ratio: { 'zh-CN': '内存使用率', en: 'Memory used' },
  host_memory_total_bytes: { 'zh-CN': '内存总量', en: 'Memory total' },
  host_memory_available_bytes: { 'zh-CN': '可用内存', en: 'Memory available' },
  disk_used_ratio: { 'zh-CN': '磁盘使用率', en: 'Disk used' },
  disk_used_bytes: { 'zh-CN': '磁盘已用', en: 'Disk used (bytes)' },
  disk_free_bytes: { 'zh-CN': '磁盘剩余', en: 'Disk free' },
  disk_size_bytes: { 'zh-CN': '磁盘容量', en: 'Disk size' },
  http_latency_ms: { 'zh-CN': 'HTTP 响应时间', en: 'HTTP latency' },
  http_status: { 'zh-CN': 'HTTP 状态码', en: 'HTTP status' },
  http_5xx: { 'zh-CN': 'HTTP 5xx 应答', en: 'HTTP 5xx answers' },
  http_body_match: { 'zh-CN': '内容匹配', en: 'Body match' },
  tls_cert_days_left: { 'zh-CN': '证书剩余天数', en: 'Certificate days left' },
  tcp_connect_ms: { 'zh-CN': 'TCP 连接时间', en: 'TCP connect time' },
  db_connect_ms: { 'zh-CN': '数据库连接时间', en: 'Database connect time' },
  db_query_ms: { 'zh-CN': '查询耗时', en: 'Query time' },
  mysql_threads_connected: { 'zh-CN': '数据库连接数', en: 'Database connections' },
  mysql_threads_running: { 'zh-CN': '运行中的线程', en: 'Threads running' },
  mysql_max_connections: { 'zh-CN': '最大连接数', en: 'Max connections' },
  mysql_connections_used_ratio: { 'zh-CN': '连接使用率', en: 'Connections used' },
  mysql_slow_queries: { 'zh-CN': '慢查询累计', en: 'Slow queries (total)' },
  mysql_questions: { 'zh-CN': '语句累计', en: 'Statements (total)' },
  mysql_uptime_seconds: { 'zh-CN': '数据库运行时间', en: 'Database uptime' },
  jvm_heap_used_ratio: { 'zh-CN': 'JVM 堆使用率', en: 'JVM heap used' },
  jvm_heap_used_bytes: { 'zh-CN': 'JVM 堆已用', en: 'JVM heap used (bytes)' },
  jvm_heap_max_bytes: { 'zh-CN': 'JVM 最大堆', en: 'JVM heap max' },
  jvm_nonheap_used_bytes: { 'zh-CN': 'JVM 非堆已用', en: 'JVM non-heap used' },
  jvm_threads: { 'zh-CN': 'JVM 线程数', en: 'JVM threads' },
  jvm_gc_count: { 'zh-CN': 'GC 次数', en: 'GC count' },
  jvm_gc_time_ms: { 'zh-CN': 'GC 累计耗时', en: 'GC time' },
  jvm_uptime_seconds: { 'zh-CN': 'JVM 运行时间', en: 'JVM uptime' },
  jvm_cpu_load: { 'zh-CN': 'JVM CPU 占用', en: 'JVM CPU load' },
  health_check_status: { 'zh-CN': '健康检查状态', en: 'Health check status' },
  login_failures: { 'zh-CN': '登录失败次数', en: 'Failed sign-ins' },
  login_successes: { 'zh-CN': '登录成功次数', en: 'Successful sign-ins' },
  login_failures_max_per_source: { 'zh-CN': '单一来源最多失败次数', en: 'Most failures from one source' },
  login_failure_sources: { 'zh-CN': '失败来源数', en: 'Failing sources' },
};

/**
 * A metric's name for people: the known ones translated, the others as they are.
 *
 * @param {string} metric the metric name, e.g. `disk_used_ratio`
 * @returns {string} its title in the current language
 */
export function metricTitle(metric) {
  const known = METRICS[metric];
  return known ? (known[lang()] ?? known['zh-CN']) : String(metric ?? '');
}

/**
 * Formats a metric's value by the unit its name ends with: `_ratio` as a percentage, `_ms` in milliseconds,
 * `_seconds` as a duration, `_bytes` in KiB/MiB/GiB, anything else as a number.
 *
 * @param {string} metric the metric name
 * @param {number|null|undefined} value the value
 * @returns {string} the formatted value, `'—'` when there is none
 */
export function formatValue(metric, value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) {
    return '—';
  }
  const v = Number(value);
  const name = String(metric ?? '');
  const round = (n, digits) => new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(n);
  if (name.endsWith('_ratio')) {
    return `${round(v * 100, 1)}%`;
  }
  if (name.endsWith('_ms')) {
    return `${round(v, v < 10 ? 1 : 0)} ms`;
  }
  if (name.endsWith('_seconds')) {
    return formatDuration(v);
  }
  if (name.endsWith('_bytes')) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let n = v;
    let unit = 0;
    while (Math.abs(n) >= 1024 && unit < units.length - 1) {
      n /= 1024;
      unit += 1;
    }
    return `${round(n, 1)} ${units[unit]}`;
  }
  return round(v, 3);
}

/**
 * Labels as one line of text, `k=v, k=v`, sorted by key.
 *
 * @param {Object<string, string>|null|undefined} labels the labels
 * @returns {string} the text, `''` for no labels
 */
export function labelsText(labels) {
  return Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * Reads labels as a person types them: `key=value` pairs separated by commas or new lines.
 *
 * @param {string} text what was typed
 * @returns {{labels: Object<string, string>, error: string|null}} the labels, or the first part that is none
 */
export function parseLabels(text) {
  const labels = {};
  for (const raw of String(text ?? '').split(/[,\n]/)) {
    const part = raw.trim();
    if (!part) {
      continue;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return { labels, error: t('labelsInvalid', { part }) };
    }
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { labels, error: null };
}

/**
 * A series' name for a legend: target, metric and labels.
 *
 * @param {{targetName?: string, metric?: string, labels?: Object<string, string>}} series the series
 * @returns {string} e.g. `财政一体化平台 · HTTP 响应时间 {path=/health}`
 */
export function seriesName(series) {
  const labels = labelsText(series?.labels);
  return [series?.targetName, metricTitle(series?.metric)].filter(Boolean).join(' · ') + (labels ? ` {${labels}}` : '');
}

/**
 * A severity as a badge.
 *
 * @param {string} severity INFO, WARNING or CRITICAL
 * @returns {import('lit').TemplateResult} the badge
 */
export function severityBadge(severity) {
  const kind = { INFO: 'muted', WARNING: 'warn', CRITICAL: 'error' }[severity] ?? 'muted';
  return html`<span class="ops-badge ops-badge--${kind} ops-monitoring-severity" data-severity=${severity}>${t(severity)}</span>`;
}

/**
 * A target's state as a badge; maintenance wins over the probed state.
 *
 * @param {string} state UP, DOWN or UNKNOWN
 * @param {boolean} [maintenance] whether the target is in a maintenance window
 * @returns {import('lit').TemplateResult} the badge
 */
export function stateBadge(state, maintenance = false) {
  const shown = maintenance ? 'MAINTENANCE' : (['UP', 'DOWN'].includes(state) ? state : 'UNKNOWN');
  const kind = { UP: 'ok', DOWN: 'error', UNKNOWN: 'muted', MAINTENANCE: 'warn' }[shown];
  return html`<span class="ops-badge ops-badge--${kind}" data-state=${shown}>${t(shown)}</span>`;
}

/**
 * Where an alert stands: firing (acknowledged or not) or resolved, and silenced.
 *
 * @param {{state: string, ackAt?: string, silenced?: boolean}} alert the alert
 * @returns {import('lit').TemplateResult} its badges
 */
export function alertStateBadges(alert) {
  const acknowledged = alert.state === 'FIRING' && Boolean(alert.ackAt);
  const state = alert.state === 'RESOLVED' ? 'RESOLVED' : acknowledged ? 'ACKNOWLEDGED' : alert.state;
  const kind = { FIRING: 'error', ACKNOWLEDGED: 'warn', RESOLVED: 'ok', PENDING: 'muted' }[state] ?? 'muted';
  return html`<span class="ops-badges">
    <span class="ops-badge ops-badge--${kind}" data-alert-state=${state}>${t(state)}</span>
    ${alert.silenced ? html`<span class="ops-badge ops-badge--muted" data-testid="alert-silenced">${t('silenced')}</span>` : nothing}
  </span>`;
}

/**
 * A time and how long ago it was, e.g. `2026/03/01 08:00:00，已持续 2 小时`.
 *
 * @param {string|null|undefined} iso the time
 * @returns {string} the text, `'—'` when there is no time
 */
export function sinceText(iso) {
  if (!iso) {
    return '—';
  }
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  return seconds >= 0 ? t('sinceFor', { time: formatDateTime(iso), duration: formatDuration(seconds) }) : formatDateTime(iso);
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/**
 * An ISO time as a `datetime-local` input's value, in the browser's (the console's) time zone.
 *
 * @param {string|number|Date|null|undefined} time the time
 * @returns {string} `YYYY-MM-DDTHH:mm`, `''` for no time
 */
export function toLocalInput(time) {
  if (time === null || time === undefined || time === '') {
    return '';
  }
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` input's value as an ISO-8601 UTC time.
 *
 * @param {string} value `YYYY-MM-DDTHH:mm`, read in the browser's time zone
 * @returns {string|null} the ISO time, null when the value is empty or no time
 */
export function fromLocalInput(value) {
  if (!value) {
    return null;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The time ranges the picker offers, with their length. */
export const RANGES = [['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 24 * 3600e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3]];

/**
 * The from and to of a time range, ending now for the preset ones.
 *
 * @param {{preset: string, from?: number, to?: number}} range a preset (`1h` … `30d`) or `custom` with epoch millis
 * @returns {{from: number, to: number}} epoch milliseconds
 */
export function rangeBounds(range) {
  if (range?.preset === 'custom' && Number.isFinite(range.from) && Number.isFinite(range.to)) {
    return { from: range.from, to: range.to };
  }
  const length = (RANGES.find(([id]) => id === range?.preset) ?? RANGES[0])[1];
  const to = Date.now();
  return { from: to - length, to };
}

/**
 * Asks the query API for series over a time range.
 *
 * @param {Array<number|string>} seriesIds the series
 * @param {{from: number, to: number}} bounds epoch milliseconds
 * @param {number} [points] how many points per series at most
 * @returns {Promise<{resolution: string, stepMs: number, series: Array<*>}>} the answer, with no series for no ids
 */
export async function querySeries(seriesIds, bounds, points = 600) {
  if (!seriesIds.length) {
    return { resolution: 'raw', stepMs: 0, series: [] };
  }
  const params = new URLSearchParams({
    series: seriesIds.join(','), from: new Date(bounds.from).toISOString(), to: new Date(bounds.to).toISOString(),
    points: String(points),
  });
  return api(`${API}/query?${params}`);
}

/**
 * `<ops-monitoring-range>`: the time range picker — 1 h, 6 h, 24 h, 7 d, 30 d or a custom from/to (datetime-local in
 * the console's time zone). Its `value` is `{preset, from?, to?}`; a choice fires `ops-range-change` with that value as
 * `detail`.
 */
class MonitoringRange extends LitElement {
  static properties = {
    value: { attribute: false },
    _custom: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this.value = { preset: '1h' };
    this._custom = null;
    this._error = null;
    this._onLangChange = () => this.requestUpdate();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    super.disconnectedCallback();
  }

  _choose(value) {
    this._error = null;
    this.value = value;
    this.dispatchEvent(new CustomEvent('ops-range-change', { detail: value, bubbles: true, composed: true }));
  }

  _openCustom() {
    const bounds = rangeBounds(this.value);
    this._custom = { from: toLocalInput(bounds.from), to: toLocalInput(bounds.to) };
  }

  _applyCustom(event) {
    event.preventDefault();
    const from = Date.parse(fromLocalInput(this._custom.from) ?? '');
    const to = Date.parse(fromLocalInput(this._custom.to) ?? '');
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      this._error = t('rangeInvalid');
      return;
    }
    this._custom = null;
    this._choose({ preset: 'custom', from, to });
  }

  render() {
    const preset = this.value?.preset ?? '1h';
    return html`
      <div class="ops-monitoring-range" role="group" aria-label=${t('range')}>
        <span class="ops-segments">
          ${RANGES.map(([id]) => html`
            <button type="button" aria-pressed=${String(preset === id)} data-testid="range-${id}"
                @click=${() => { this._custom = null; this._choose({ preset: id }); }}>${t(`range${id}`)}</button>`)}
          <button type="button" aria-pressed=${String(preset === 'custom' || this._custom !== null)} data-testid="range-custom"
              @click=${() => this._openCustom()}>${t('rangeCustom')}</button>
        </span>
        ${preset === 'custom' && this._custom === null ? html`
          <span class="ops-muted" data-testid="range-shown">${formatDateTime(this.value.from)} – ${formatDateTime(this.value.to)}</span>` : nothing}
        ${this._custom ? html`
          <form class="ops-monitoring-range__custom" @submit=${(e) => this._applyCustom(e)}>
            <label>${t('rangeFrom')} <input class="ops-input" type="datetime-local" data-testid="range-from" .value=${this._custom.from}
                @input=${(e) => { this._custom = { ...this._custom, from: e.target.value }; }}></label>
            <label>${t('rangeTo')} <input class="ops-input" type="datetime-local" data-testid="range-to" .value=${this._custom.to}
                @input=${(e) => { this._custom = { ...this._custom, to: e.target.value }; }}></label>
            <button type="submit" class="ops-button ops-button--small" data-testid="range-apply">${t('rangeApply')}</button>
            ${this._error ? html`<span class="ops-field__error" role="alert">${this._error}</span>` : nothing}
          </form>` : nothing}
      </div>`;
  }
}

if (!customElements.get('ops-monitoring-range')) {
  customElements.define('ops-monitoring-range', MonitoringRange);
}

/**
 * `<ops-monitoring-dialog>`: a modal confirmation, optionally asking for a required reason. Use {@link confirmDialog}.
 */
class MonitoringDialog extends LitElement {
  static properties = {
    options: { attribute: false },
    _reason: { state: true },
    _error: { state: true },
  };

  constructor() {
    super();
    this.options = {};
    this._reason = '';
    this._error = null;
    this._resolve = () => {};
  }

  createRenderRoot() {
    return this;
  }

  /** Shows the dialog; the promise gives the reason (`''` without one) on confirmation and null on cancel. */
  open() {
    return new Promise((resolve) => {
      this._resolve = resolve;
      this.updateComplete.then(() => {
        const dialog = this.querySelector('dialog');
        dialog.showModal();
        (this.querySelector('textarea') ?? this.querySelector('[data-testid="dialog-confirm"]'))?.focus();
      });
    });
  }

  _finish(value) {
    const resolve = this._resolve;
    this._resolve = () => {};
    this.querySelector('dialog')?.close();
    this.remove();
    resolve(value);
  }

  _submit(event) {
    event.preventDefault();
    if (this.options.reason && !this._reason.trim()) {
      this._error = t('reasonRequired');
      return;
    }
    this._finish(this.options.reason ? this._reason.trim() : '');
  }

  render() {
    const o = this.options;
    return html`
      <dialog class="ops-monitoring-dialog" data-testid="dialog" aria-labelledby="ops-monitoring-dialog-title"
          @cancel=${(e) => { e.preventDefault(); this._finish(null); }}>
        <form class="ops-form" novalidate @submit=${(e) => this._submit(e)}>
          <h2 class="ops-section-title" id="ops-monitoring-dialog-title">${o.title}</h2>
          ${o.text ? html`<p>${o.text}</p>` : nothing}
          ${o.reason ? html`
            <div class="ops-field">
              <label class="ops-field__label" for="ops-monitoring-dialog-reason">${o.reasonLabel ?? t('reason')}
                <span class="ops-monitoring-required" aria-hidden="true">*</span></label>
              <textarea class="ops-input ops-input--block" id="ops-monitoring-dialog-reason" rows="3" maxlength="500"
                  data-testid="dialog-reason" aria-invalid=${String(Boolean(this._error))} .value=${this._reason}
                  @input=${(e) => { this._reason = e.target.value; this._error = null; }}></textarea>
              ${this._error ? html`<div class="ops-field__error" role="alert">${this._error}</div>` : nothing}
            </div>` : nothing}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ${o.danger ? 'ops-button--danger' : 'ops-button--primary'}"
                data-testid="dialog-confirm">${o.confirm ?? t('confirm')}</button>
            <button type="button" class="ops-button" data-testid="dialog-cancel" @click=${() => this._finish(null)}>${t('cancel')}</button>
          </div>
        </form>
      </dialog>`;
  }
}

if (!customElements.get('ops-monitoring-dialog')) {
  customElements.define('ops-monitoring-dialog', MonitoringDialog);
}

/**
 * Asks the user to confirm an action in a modal dialog, optionally with a required reason.
 *
 * ```js
 * const reason = await confirmDialog({ title: '确认告警', reason: true, confirm: '确认' });
 * if (reason !== null) { ... }
 * ```
 *
 * @param {{title: string, text?: string, confirm?: string, danger?: boolean, reason?: boolean, reasonLabel?: string}} options
 * @returns {Promise<string|null>} the reason (`''` when none was asked for) once confirmed, null when cancelled
 */
export function confirmDialog(options) {
  const dialog = document.createElement('ops-monitoring-dialog');
  dialog.options = options;
  document.body.append(dialog);
  return dialog.open();
}

const stylesheets = new Set();

/**
 * Adds a stylesheet to the document once, however many pages ask for it.
 *
 * @param {string} href the stylesheet's URL
 */
export function loadStylesheet(href) {
  // keyed by file name: each page folder serves the same file under its own path
  const key = new URL(href, document.baseURI).pathname.split('/').pop();
  if (stylesheets.has(key) || document.querySelector(`link[data-ops-stylesheet="${CSS.escape(key)}"]`)) {
    stylesheets.add(key);
    return;
  }
  stylesheets.add(key);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.opsStylesheet = key;
  document.head.append(link);
}

/**
 * The base of the monitoring pages: light DOM (so the shell's `.ops-*` classes apply), its stylesheet, a render on a
 * language switch, and the load–show cycle. A page implements `fetchData()` (its data, from the API) and
 * `renderContent(data)`; `load()` runs `fetchData` and keeps `data`, `loading` and `loadError`, dropping answers that an
 * newer load overtook. `act()` runs an action with a busy flag and puts its outcome in the page's notice. Live events
 * subscribed with `listen()` in `connectedCallback` are dropped when the page is left.
 */
export class MonitoringPage extends LitElement {
  static properties = {
    data: { state: true },
    loading: { state: true },
    loadError: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.data = null;
    this.loading = false;
    this.loadError = null;
    /** `{ok, text}` shown below the title, or null. */
    this.notice = null;
    /** The keys of the actions under way. */
    this.busy = new Set();
    this._requests = 0;
    this._offs = [];
    this._onLangChange = () => this.requestUpdate();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    loadStylesheet(new URL('monitoring.css', import.meta.url).href);
    window.addEventListener('ops-lang-change', this._onLangChange);
    this.load();
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    for (const off of this._offs.splice(0)) {
      off();
    }
    super.disconnectedCallback();
  }

  /**
   * Follows a live event while the page is shown.
   *
   * @param {string} name the event name
   * @param {function(*): void} handler called with the event's data
   */
  listen(name, handler) {
    this._offs.push(onConsoleEvent(name, handler));
  }

  /** The page's data; implemented by each page. */
  async fetchData() {
    return null;
  }

  /**
   * Loads the page's data again.
   *
   * @param {{quiet?: boolean}} [options] quiet keeps the current data on screen without the loading text
   */
  async load({ quiet = false } = {}) {
    const request = ++this._requests;
    if (!quiet) {
      this.loading = true;
    }
    try {
      const data = await this.fetchData();
      if (request === this._requests) {
        this.data = data;
        this.loadError = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error(`opsconsole monitoring: ${this.localName} could not load its data`, error);
        this.loadError = error;
      }
    } finally {
      if (request === this._requests) {
        this.loading = false;
      }
    }
  }

  /**
   * Runs an action: marks `key` busy, shows `success` (text or function of the result) or the error as the notice.
   *
   * @param {string} key the action's key, for `isBusy`
   * @param {function(): Promise<*>} action the action
   * @param {string|function(*): string} [success] the text to show when it worked
   * @returns {Promise<{ok: boolean, result?: *, error?: *}>} how it went
   */
  async act(key, action, success) {
    this._setBusy(key, true);
    this.notice = null;
    try {
      const result = await action();
      if (success) {
        this.notice = { ok: true, text: typeof success === 'function' ? success(result) : success };
      }
      return { ok: true, result };
    } catch (error) {
      this.notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
      return { ok: false, error };
    } finally {
      this._setBusy(key, false);
    }
  }

  /**
   * Asks first (see {@link confirmDialog}), then runs the action as `act` does and, when it worked, calls `done` and
   * loads the page's data again, quietly.
   *
   * @param {{dialog: Object, key: string, action: function(string): Promise<*>, success?: string|function(*): string,
   *   done?: function(): void}} spec the action is called with the dialog's reason (`''` when none was asked for)
   * @returns {Promise<{ok: boolean, result?: *, error?: *}|null>} how it went, null when the user cancelled
   */
  async confirmAndAct({ dialog, key, action, success, done = () => {} }) {
    const reason = await confirmDialog(dialog);
    if (reason === null) {
      return null;
    }
    const outcome = await this.act(key, () => action(reason), success);
    if (outcome.ok) {
      done();
      this.load({ quiet: true });
    }
    return outcome;
  }

  /**
   * @param {string} key an action's key
   * @returns {boolean} whether the action runs
   */
  isBusy(key) {
    return this.busy.has(key);
  }

  _setBusy(key, on) {
    const next = new Set(this.busy);
    if (on) {
      next.add(key);
    } else {
      next.delete(key);
    }
    this.busy = next;
  }

  /**
   * The page's title, intro, tool buttons (with Refresh) and notice.
   *
   * @param {string} title the `<h1>`
   * @param {string} intro the text below it, or `''`
   * @param {*} [tools] more toolbar content, before Refresh
   * @returns {import('lit').TemplateResult} the header
   */
  renderHeader(title, intro, tools = nothing) {
    return html`
      <h1 class="ops-page-title">${title}</h1>
      ${intro ? html`<p class="ops-muted ops-monitoring-intro">${intro}</p>` : nothing}
      <div class="ops-toolbar">
        ${tools}
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" data-testid="refresh" ?disabled=${this.loading}
            @click=${() => this.load()}>${t('refresh')}</button>
      </div>
      ${this.renderNotice()}`;
  }

  /** The notice of the last action, if any. */
  renderNotice() {
    const n = this.notice;
    return n ? html`
      <p class="ops-notice ${n.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-page-message" role=${n.ok ? 'status' : 'alert'}
          data-testid="notice">${n.text}</p>` : nothing;
  }

  render() {
    return html`${this.renderPage()}`;
  }

  /**
   * What shows while there is no data: the loading text or the load error with Retry; else `renderContent(data)`.
   *
   * @returns {*} the body of the page
   */
  renderBody() {
    return html`
      ${this.loadError ? html`
        <div class="ops-error" role="alert" data-testid="load-error">
          <strong>${t('loadFailed', { message: problemText(this.loadError) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this.load()}>${t('retry')}</button></p>
        </div>` : nothing}
      ${this.data === null
        ? (this.loadError ? nothing : html`<p class="ops-empty" role="status" data-testid="loading">${t('loading')}</p>`)
        : this.renderContent(this.data)}`;
  }

  /** The whole page; by default the body alone. */
  renderPage() {
    return this.renderBody();
  }

  /** The page's content for its data; implemented by each page. */
  renderContent() {
    return nothing;
  }
}

/**
 * A list page whose items a permitted user creates, changes and deletes in a form above the list (the alert rules,
 * targets, silences). Besides `fetchData` and `renderContent`, a page declares what it edits in `static editing` and
 * implements `formValues(item)` (the form's values for an item, or for a new one when null), `formBody(form)` (the
 * request body, and the errors the browser finds itself) and `renderForm(form)` (its fields in `renderFormCard`).
 *
 * The page then has the New button, the read-only notice and the form above its list; `openForm(item)` and
 * `closeForm()`; `setValue(field, value)`, which drops the field's errors; `saveForm(event)`, which `POST`s a new item or
 * `PUT`s a changed one and shows the server's field errors; `deleteItem(item)`, which asks first; and
 * `#/<route>/edit/<id>` opening an item's form once the list is there. The open form, `_form`, is
 * `{item (null for a new one), values, errors (by field), error (above the form), busy}`.
 */
export class EditableListPage extends MonitoringPage {
  static properties = {
    _form: { state: true },
  };

  /**
   * What the page edits: `t` its texts (with `title`, `intro`, `saved`, and for deleting `deleteTitle`, `deleteText`
   * and `deleted`, these with `{name}`); `prefix` the item's word in ids and test ids (`rule`: `new-rule`, `rule-form`,
   * `rule-name`, `ops-rule-name`, `save-rule`, …); `collection` its path below the API; `permission` the one a user
   * needs to edit; `newText` the key of the New button's text; `readOnly` the key of the notice for the others, or
   * null for none; `route` the page's route, whose `/edit/<id>` opens an item's form, or null.
   */
  static editing = {};

  constructor() {
    super();
    this._form = null;
    this._onHashChange = () => this.openFromHash();
  }

  connectedCallback() {
    super.connectedCallback();
    if (this._editing.route) {
      window.addEventListener('hashchange', this._onHashChange);
    }
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    super.disconnectedCallback();
  }

  get _editing() {
    return this.constructor.editing;
  }

  /** Whether the user may create, change and delete the items. */
  mayEdit() {
    return hasPermission(this._editing.permission);
  }

  updated(changed) {
    super.updated(changed);
    if (changed.has('data') && this.data) {
      this.openFromHash();
    }
  }

  /** `#/<route>/edit/<id>` opens that item's form once the items are there. */
  openFromHash() {
    const { route, t: pt } = this._editing;
    const match = route ? new RegExp(`^#/${route}/edit/([^/?]+)`).exec(window.location.hash) : null;
    if (!match || !this.data) {
      return;
    }
    const id = decodeURIComponent(match[1]);
    const item = this.data.find((x) => String(x.id) === id);
    if (!item) {
      this.notice = { ok: false, text: pt('notFound', { id }) };
    } else if (String(this._form?.item?.id) !== id) {
      this.openForm(item);
    }
  }

  /** The form's values for an item, or for a new one (null); implemented by each page. */
  formValues() {
    return {};
  }

  /**
   * The request body for the form, and the errors the browser finds itself; implemented by each page.
   *
   * @returns {{body: Object, errors: Object<string, string[]>}}
   */
  formBody() {
    return { body: {}, errors: {} };
  }

  /** The notice once an item was saved. */
  savedText(saved, body) {
    return this._editing.t('saved', { name: saved?.name ?? body.name });
  }

  /** The item's address in the API. */
  itemUrl(item) {
    return `${API}/${this._editing.collection}/${encodeURIComponent(item.id)}`;
  }

  /** Opens the form for an item, or for a new one (null), and puts the focus in its name. */
  openForm(item) {
    this.notice = null;
    this._form = { item, values: this.formValues(item), errors: {}, error: null, busy: false };
    this.updateComplete.then(() => this.querySelector(`#ops-${this._editing.prefix}-name`)?.focus());
  }

  /** Closes the form, and leaves an edit link's route. */
  closeForm() {
    const { route } = this._editing;
    this._form = null;
    if (route && window.location.hash.startsWith(`#/${route}/`)) {
      history.replaceState(null, '', `#/${route}`);
    }
  }

  /** Changes a value of the form and drops the errors of its field. */
  setValue(field, value) {
    const errors = { ...this._form.errors };
    delete errors[field];
    this._form = { ...this._form, values: { ...this._form.values, [field]: value }, errors };
  }

  /** Saves the form's item, or shows what is wrong with it. */
  async saveForm(event) {
    event.preventDefault();
    const form = this._form;
    const { body, errors } = this.formBody(form);
    if (Object.keys(errors).length) {
      this._form = { ...form, errors, error: t('checkFields') };
      return;
    }
    this._form = { ...form, busy: true, error: null };
    try {
      const saved = form.item
        ? await api(this.itemUrl(form.item), { method: 'PUT', json: body })
        : await api(`${API}/${this._editing.collection}`, { method: 'POST', json: body });
      this.closeForm();
      this.notice = { ok: true, text: this.savedText(saved, body) };
      this.load({ quiet: true });
    } catch (error) {
      const problem = formErrors(error);
      this._form = { ...this._form, busy: false, errors: problem.errors, error: problem.text };
    }
  }

  /** Deletes an item once the user confirmed it. */
  async deleteItem(item) {
    const pt = this._editing.t;
    await this.confirmAndAct({
      dialog: { title: pt('deleteTitle', { name: item.name }), text: pt('deleteText'), confirm: t('delete'), danger: true },
      key: `delete-${item.id}`,
      action: () => api(this.itemUrl(item), { method: 'DELETE' }),
      success: pt('deleted', { name: item.name }),
      done: () => {
        if (this._form?.item?.id === item.id) {
          this.closeForm();
        }
      },
    });
  }

  renderPage() {
    const { t: pt, prefix, newText, readOnly } = this._editing;
    const mayEdit = this.mayEdit();
    const tools = mayEdit ? html`
      <button type="button" class="ops-button ops-button--primary" data-testid="new-${prefix}" ?disabled=${this._form !== null}
          @click=${() => this.openForm(null)}>${pt(newText)}</button>` : nothing;
    return html`
      ${this.renderHeader(pt('title'), pt('intro'), tools)}
      ${mayEdit || !readOnly ? nothing : html`<p class="ops-notice" data-testid="read-only">${pt(readOnly)}</p>`}
      ${this._form && mayEdit ? this.renderForm(this._form) : nothing}
      ${this.renderBody()}`;
  }

  /** The form's card; implemented by each page with `renderFormCard`. */
  renderForm() {
    return nothing;
  }

  /**
   * The form's card: its title, error, fields and buttons (Save, the page's own, Cancel).
   *
   * @param {{title: *, fields: *, before?: *, buttons?: *, saveText?: string, cls?: string}} spec `before` shows
   *   above the error, `cls` is the card's own class
   * @returns {import('lit').TemplateResult} the card
   */
  renderFormCard({ title, fields, before = nothing, buttons = nothing, saveText = t('save'), cls = 'ops-monitoring-form-card' }) {
    const form = this._form;
    const { prefix } = this._editing;
    return html`
      <section class="ops-card ops-form-card ${cls}" data-testid="${prefix}-form" aria-labelledby="ops-${prefix}-form-title">
        <h2 class="ops-section-title ops-form-card__title" id="ops-${prefix}-form-title">${title}</h2>
        ${before}
        ${form.error ? html`<p class="ops-error ops-form__error" role="alert" data-testid="form-error">${form.error}</p>` : nothing}
        <form class="ops-form ops-form--wide" novalidate @submit=${(e) => this.saveForm(e)}>
          ${fields}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" data-testid="save-${prefix}" ?disabled=${form.busy}>
              ${form.busy ? t('saving') : saveText}</button>
            ${buttons}
            <button type="button" class="ops-button" data-testid="cancel-${prefix}" @click=${() => this.closeForm()}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }

  /** A text input of the form (`type` as the input's, `inputmode` for the on-screen keyboard, `mono` for names). */
  renderInput(field, label, { required = false, hint = '', type = 'text', inputmode = '', mono = false } = {}) {
    const { prefix } = this._editing;
    const v = this._form.values;
    return renderField({
      id: `ops-${prefix}-${field}`, name: field, label, required, hint, errors: this._form.errors[field] ?? [],
      control: (a) => html`<input class="ops-input ops-input--block ${mono ? 'ops-mono' : ''}" id=${a.id} type=${type}
          inputmode=${inputmode || nothing} data-testid="${prefix}-${field}" .value=${v[field]} aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy} @input=${(e) => this.setValue(field, e.target.value)}>`,
    });
  }

  /** A choice of the form, from `[value, text]` options. */
  renderSelect(field, label, options, { hint = '' } = {}) {
    const { prefix } = this._editing;
    const v = this._form.values;
    return renderField({
      id: `ops-${prefix}-${field}`, name: field, label, hint, errors: this._form.errors[field] ?? [],
      control: (a) => html`<select class="ops-input ops-input--block" id=${a.id} data-testid="${prefix}-${field}" aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy} @change=${(e) => this.setValue(field, e.target.value)}>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${String(v[field]) === String(value)}>${text}</option>`)}
      </select>`,
    });
  }

  /** A yes/no value of the form as a checkbox. */
  renderCheckbox(field, label) {
    return html`<label class="ops-check"><input type="checkbox" data-testid="${this._editing.prefix}-${field}"
        .checked=${Boolean(this._form.values[field])} @change=${(e) => this.setValue(field, e.target.checked)}><span>${label}</span></label>`;
  }

  /** The Edit and (unless `deletable` is false) Delete buttons of an item's row. */
  renderRowActions(item, { deletable = true } = {}) {
    const { prefix } = this._editing;
    return html`<td><span class="ops-actions">
      <button type="button" class="ops-button ops-button--small" data-testid="edit-${prefix}" @click=${() => this.openForm(item)}>${t('edit')}</button>
      ${deletable ? html`<button type="button" class="ops-button ops-button--small ops-button--danger" data-testid="delete-${prefix}"
          ?disabled=${this.isBusy(`delete-${item.id}`)} @click=${() => this.deleteItem(item)}>${t('delete')}</button>` : nothing}
    </span></td>`;
  }
}

/**
 * An API answer that should be a list, as one: anything else is an empty list.
 *
 * @param {*} value the answer
 * @returns {Array<*>} the list
 */
export function listOf(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * The name of the item with an id, `#<id>` when it is not there.
 *
 * @param {Array<{id: *, name: string}>} items the items, e.g. the targets
 * @param {*} id the id
 * @returns {string} its name
 */
export function nameOf(items, id) {
  return items.find((x) => String(x.id) === String(id))?.name ?? `#${id}`;
}

/**
 * A table with a header row, its rows, and a row with the empty text when there are none.
 *
 * @param {{testid: string, columns: Array<string|{title: string, cls?: string}>, items: Array<*>,
 *   empty: string, row: function(*): import('lit').TemplateResult}} spec the table
 * @returns {import('lit').TemplateResult} the table in its scrolling wrapper
 */
export function renderTable({ testid, columns, items, empty, row }) {
  return html`
    <div class="ops-table-wrap">
      <table class="ops-table" data-testid=${testid}>
        <thead><tr>${columns.map((c) => (typeof c === 'string'
          ? html`<th scope="col">${c}</th>` : html`<th scope="col" class=${c.cls ?? ''}>${c.title}</th>`))}</tr></thead>
        <tbody>
          ${items.length === 0
            ? html`<tr><td class="ops-empty" colspan=${columns.length} data-testid="${testid}-empty">${empty}</td></tr>`
            : items.map(row)}
        </tbody>
      </table>
    </div>`;
}

/**
 * A form field: its label, control, hint and error messages, wired for assistive technology.
 *
 * @param {{id: string, label: string, required?: boolean, hint?: string, errors?: string[], control:
 *   function(Object): import('lit').TemplateResult, name?: string}} spec the control is called with the attributes
 *   `{id, invalid, describedBy}` to put on the input
 * @returns {import('lit').TemplateResult} the field
 */
export function renderField({ id, label, required = false, hint = '', errors = [], control, name = '' }) {
  const invalid = errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
  return html`
    <div class="ops-field" data-field=${name || id}>
      <label class="ops-field__label" for=${id}>${label}${required
        ? html`<span class="ops-monitoring-required" title=${t('required')}>*</span>` : nothing}</label>
      ${control({ id, invalid: String(invalid), describedBy })}
      ${hint ? html`<span class="ops-field__hint" id="${id}-hint">${hint}</span>` : nothing}
      ${invalid ? html`<div class="ops-field__error" id="${id}-error" data-error=${name || id}>
        ${errors.map((m) => html`<span>${m}</span>`)}</div>` : nothing}
    </div>`;
}

/**
 * Field errors of a failed save, and the text to show above the form.
 *
 * @param {*} error what `api` threw
 * @returns {{errors: Object<string, string[]>, text: string}} errors by field and the form's message
 */
export function formErrors(error) {
  const errors = fieldErrors(error);
  const named = Object.keys(errors).filter((k) => k !== '');
  return { errors, text: named.length ? t('checkFields') : problemText(error) };
}

export { api, formatDateTime, formatDuration, formatNumber };
