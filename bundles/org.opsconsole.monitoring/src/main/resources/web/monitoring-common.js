/**
 * What the monitoring pages share: their texts (severities, states, time ranges, labels) on top of the page
 * framework's, badges for severity, target state and alert state, formatting of labels, metrics and values, the time
 * range picker `<ops-monitoring-range>`, alert summaries, rule and target names, rule descriptions and probe messages in
 * the current language (`inLanguage`, `alertSummary`, `ruleName`, `ruleDescription`, `alertRuleName`, `targetName`,
 * `targetNameOf`, `targetNameById`, `probeMessage`), and the page framework's
 * classes with the monitoring stylesheet: `MonitoringPage`, a `DataPage`, and `EditableListPage`. The rest of the framework (`renderTable`, `renderField`,
 * `formErrors`, `listOf`, `nameOf`, `toLocalInput`, `fromLocalInput`, `loadStylesheet`, the settings form's
 * `settingValues`, `renderSettings` and `readSettings`, the formatters and `api`) is passed on from `opsconsole/pages`
 * under the same names, so a page imports all it needs from here.
 *
 * Every page imports this module by a relative path, so the browser may hold one copy per page folder: the custom
 * elements are therefore defined only once, by whichever copy comes first.
 *
 * @module monitoring-common
 */
import { LitElement, html, nothing } from 'lit';
import { inLanguage } from 'opsconsole';
import * as pages from 'opsconsole/pages';
import { api, formatDateTime, formatDuration, fromLocalInput, lang, toLocalInput } from 'opsconsole/pages';

export {
  api, formErrors, formatDateTime, formatNumber, fromLocalInput, listOf, loadStylesheet, nameOf, readSettings, renderField,
  renderSettings, renderTable, settingValues, toLocalInput,
} from 'opsconsole/pages';

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

/** The texts every monitoring page uses besides the page framework's shared ones, by language. */
const MONITORING = {
  'zh-CN': {
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
    since: '自 {time}',
    sinceFor: '{time}起，已持续 {duration}',
  },
  en: {
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
    since: 'since {time}',
    sinceFor: 'since {time}, for {duration}',
  },
};

/**
 * A translation function over the page framework's shared texts, the monitoring ones and a page's own ones (the
 * page's win).
 *
 * @param {Object<string, Object<string, string>>} own the page's texts by language
 * @returns {(key: string, params?: Object<string, *>) => string} as `messages` of `opsconsole` makes it
 */
export function pageMessages(own) {
  const tables = {};
  for (const language of Object.keys(MONITORING)) {
    tables[language] = { ...MONITORING[language], ...(own[language] ?? {}) };
  }
  return pages.pageMessages(tables);
}

/** The shared and the monitoring texts alone. */
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

/** The shell's `inLanguage`, for the monitoring pages that import it from here. */
export { inLanguage };

/**
 * An alert's summary in the current language: `summaryEn` in English, `summary` (Chinese) otherwise or when the
 * alert has no English one.
 *
 * @param {{summary?: string, summaryEn?: string}} alert an alert as the API gives it
 * @returns {string} its summary
 */
export function alertSummary(alert) {
  return inLanguage(alert, 'summary');
}

/**
 * A rule's name in the current language: a built-in rule's English name (`nameEn`) in English, `name` otherwise. An
 * operator's rule has one name, which the API also gives as `nameEn`.
 *
 * @param {{name?: string, nameEn?: string}|null|undefined} rule a rule as the API gives it (also a target's rules)
 * @returns {string} its name, `''` for none
 */
export function ruleName(rule) {
  return inLanguage(rule, 'name');
}

/**
 * A rule's description in the current language: `descriptionEn` in English, `description` otherwise.
 *
 * @param {{description?: string, descriptionEn?: string}|null|undefined} rule a rule as the API gives it
 * @returns {string} its description, `''` for none
 */
export function ruleDescription(rule) {
  return inLanguage(rule, 'description');
}

/**
 * The name of an alert's rule in the current language: `ruleNameEn` in English, `ruleName` otherwise.
 *
 * @param {{ruleName?: string, ruleNameEn?: string}} alert an alert as the API gives it
 * @returns {string} its rule's name, `''` for a deleted rule
 */
export function alertRuleName(alert) {
  return inLanguage(alert, 'ruleName');
}

/**
 * A target's name in the current language: its English name (`nameEn`) in English when it has one, `name` otherwise.
 *
 * @param {{name?: string, nameEn?: string|null}|null|undefined} target a target as the API gives it (also in the live
 *     status)
 * @returns {string} its name, `''` for none
 */
export function targetName(target) {
  return inLanguage(target, 'name');
}

/**
 * The name of the target an alert, a series or a suggestion is of, in the current language: `targetNameEn` in
 * English, `targetName` otherwise.
 *
 * @param {{targetName?: string, targetNameEn?: string}|null|undefined} item an alert, series or suggestion as the API
 *     gives it
 * @returns {string} its target's name, `''` for a deleted target
 */
export function targetNameOf(item) {
  return inLanguage(item, 'targetName');
}

/**
 * The name of the target with an id, in the current language; `#<id>` when it is not among the targets.
 *
 * @param {Array<{id: *, name: string, nameEn?: string|null}>} targets the targets, as the API gives them
 * @param {*} id the id
 * @returns {string} its name
 */
export function targetNameById(targets, id) {
  const target = (targets ?? []).find((x) => String(x.id) === String(id));
  return target ? targetName(target) : `#${id}`;
}

/**
 * A probe's message in the current language: `messageEn` in English, `message` (Chinese) otherwise or when there is
 * no English one.
 *
 * @param {{message?: string, messageEn?: string}|null|undefined} found a probe's outcome, a target's status or an
 *     up/down change, as the API gives them
 * @returns {string} its message, `''` for none
 */
export function probeMessage(found) {
  return inLanguage(found, 'message');
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
 * A series' name for a legend: target (in the current language), metric and labels.
 *
 * @param {{targetName?: string, targetNameEn?: string, metric?: string, labels?: Object<string, string>}} series the
 *     series
 * @returns {string} e.g. `财政一体化平台 · HTTP 响应时间 {path=/health}`
 */
export function seriesName(series) {
  const labels = labelsText(series?.labels);
  return [targetNameOf(series), metricTitle(series?.metric)].filter(Boolean).join(' · ') + (labels ? ` {${labels}}` : '');
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

/** The monitoring pages' stylesheet, beside this module. */
const STYLESHEET = new URL('monitoring.css', import.meta.url).href;

/**
 * The base of the monitoring pages: the page framework's `DataPage` (light DOM, the load–show cycle, `act`,
 * `confirmAndAct`, `listen`) with the monitoring stylesheet.
 */
export class MonitoringPage extends pages.DataPage {
  static stylesheet = STYLESHEET;
}

/**
 * A monitoring list page whose items are created, changed and deleted in a form above it (the alert rules, targets,
 * silences): the page framework's `EditableListPage` with the monitoring stylesheet.
 */
export class EditableListPage extends pages.EditableListPage {
  static stylesheet = STYLESHEET;
}
