/**
 * `<ops-monitoring-suggestions-page>`: the Suggestions page (调优建议). Tuning and fault-prevention suggestions computed
 * from the stored data (`GET /api/monitoring/suggestions`, optionally with the dismissed and inactive ones), each with
 * its severity, what to do, its evidence in numbers and — when the evidence names a series — a chart of that series over
 * the evidence's window (`GET /api/monitoring/query`). For users with `monitoring.operate`: dismissing with a required
 * reason (`POST …/<id>/dismiss`), restoring (`POST …/<id>/restore`) and analysing again now (`POST …/refresh`).
 */
import { html, nothing } from 'lit';
import { hasPermission, lang, localized } from 'opsconsole';
import {
  API, MonitoringPage, PERMISSIONS, api, formatDateTime, formatNumber, formatValue, inLanguage, listOf, pageMessages, querySeries,
  seriesName, severityBadge, targetNameOf,
} from './monitoring-common.js';
import './monitoring-chart.js';

const t = pageMessages({
  'zh-CN': {
    title: '调优建议',
    intro: '根据已采集的数据给出的调优与故障预防建议，例如磁盘将满、证书将到期、响应时间持续上升、连接数接近上限、内存持续增长、目标状态频繁跳变。每条建议都附有依据和具体措施。',
    analyse: '重新分析',
    analysing: '正在分析…',
    analysed: '分析完成，共 {n} 条建议。',
    showDismissed: '显示已忽略的',
    showInactive: '显示已消除的',
    none: '目前没有调优建议。',
    action: '建议措施',
    evidence: '依据',
    target: '目标',
    firstSeen: '首次发现',
    lastSeen: '最近确认',
    dismiss: '忽略',
    dismissTitle: '忽略建议“{title}”',
    dismissText: '忽略后该建议不再列出，除非选择显示已忽略的建议。请说明原因。',
    dismissed: '已忽略该建议。',
    restore: '恢复',
    restored: '已恢复该建议。',
    dismissedBy: '{who} 于 {time} 忽略：{reason}',
    inactive: '已消除',
    chartLoading: '正在加载依据图表…',
    evidenceWindow: '{from} – {to}',
  },
  en: {
    title: 'Suggestions',
    intro: 'Tuning and fault-prevention suggestions from the stored data: a disk about to fill, a certificate about to expire, a latency rising, connections near their limit, memory growing, a target that flaps. Each comes with its evidence and a concrete action.',
    analyse: 'Analyse now',
    analysing: 'Analysing…',
    analysed: { one: 'Analysed: {n} suggestion.', other: 'Analysed: {n} suggestions.' },
    showDismissed: 'Show dismissed',
    showInactive: 'Show no longer current',
    none: 'No suggestions right now.',
    action: 'Action',
    evidence: 'Evidence',
    target: 'Target',
    firstSeen: 'First seen',
    lastSeen: 'Last seen',
    dismiss: 'Dismiss',
    dismissTitle: 'Dismiss the suggestion "{title}"',
    dismissText: 'A dismissed suggestion is listed only when dismissed ones are shown. Say why.',
    dismissed: 'The suggestion was dismissed.',
    restore: 'Restore',
    restored: 'The suggestion was restored.',
    dismissedBy: 'Dismissed by {who} at {time}: {reason}',
    inactive: 'No longer current',
    chartLoading: 'Loading the evidence chart…',
    evidenceWindow: '{from} – {to}',
  },
});

/** Evidence keys that are for the chart and the links, not shown as facts. */
const HIDDEN_EVIDENCE = new Set(['seriesId', 'sizeSeriesId', 'targetId', 'metric', 'from', 'to', 'startMs', 'endMs']);
/** The evidence's fields (as the analyzers name them) in both languages; others show their key. */
const EVIDENCE_TITLES = {
  'zh-CN': {
    seriesName: '序列', window: '时间窗口', points: '数据点数', spanHours: '跨度（小时）', r2: '拟合优度 R²',
    usedBytes: '已用', usedAt: '测量时间', sizeBytes: '容量', usedRatio: '使用率', slopeBytesPerDay: '每天增长',
    hoursToFull: '预计写满（小时后）', fullAt: '预计写满时间', horizonDays: '预测范围（天）', daysLeft: '剩余天数',
    expiresAt: '到期时间', warningDays: '警告阈值（天）', criticalDays: '严重阈值（天）', measuredAt: '测量时间',
    threshold: '阈值', rise: '升幅', minRise: '最小升幅', minR2: '最小拟合优度', slopeMsPerDay: '每天增加（毫秒）',
    lastMs: '最近值（毫秒）', limitMs: '上限（毫秒）', peakRatio: '峰值使用率', peakAt: '峰值时间', latestRatio: '最新使用率',
    warningRatio: '警告比例', criticalRatio: '严重比例', limit: '上限', limitAt: '预计到达上限', hoursToLimit: '距上限（小时）',
    envelope: '取值方式', floorNow: '当前下限', changes: '状态变化时间', latestChanges: '最近变化次数', lastAt: '最近时间',
    target: '目标',
  },
  en: {
    seriesName: 'Series', window: 'Window', points: 'Points', spanHours: 'Span (hours)', r2: 'Fit (R²)',
    usedBytes: 'Used', usedAt: 'Measured at', sizeBytes: 'Size', usedRatio: 'Used', slopeBytesPerDay: 'Growth per day',
    hoursToFull: 'Full in (hours)', fullAt: 'Full at', horizonDays: 'Horizon (days)', daysLeft: 'Days left',
    expiresAt: 'Expires at', warningDays: 'Warning at (days)', criticalDays: 'Critical at (days)', measuredAt: 'Measured at',
    threshold: 'Threshold', rise: 'Rise', minRise: 'Least rise', minR2: 'Least fit', slopeMsPerDay: 'Change per day (ms)',
    lastMs: 'Latest (ms)', limitMs: 'Limit (ms)', peakRatio: 'Peak', peakAt: 'Peak at', latestRatio: 'Latest',
    warningRatio: 'Warning at', criticalRatio: 'Critical at', limit: 'Limit', limitAt: 'Limit reached at',
    hoursToLimit: 'Hours to limit', envelope: 'Envelope', floorNow: 'Floor now', changes: 'State changes at',
    latestChanges: 'Recent changes', lastAt: 'Last at', target: 'Target',
  },
};

/**
 * The evidence flattened for people: the series it is about becomes its id (for the chart), its metric and a name;
 * the window becomes its two ends; a target named in both languages (`target`, `targetEn`) is named in the current one.
 */
function flatten(evidence) {
  const e = { ...(evidence ?? {}) };
  if (e.series && typeof e.series === 'object') {
    const series = e.series;
    e.seriesId ??= series.seriesId;
    e.metric ??= series.metric;
    e.seriesName = seriesName({
      targetName: series.target, targetNameEn: series.targetEn, metric: series.metric, labels: series.labels,
    });
    delete e.series;
  }
  if ('targetEn' in e) {
    e.target = inLanguage(e, 'target');
    delete e.targetEn;
  }
  if (e.window && typeof e.window === 'object') {
    e.from ??= e.window.from;
    e.to ??= e.window.to;
    e.window = t('evidenceWindow', { from: formatDateTime(e.window.from), to: formatDateTime(e.window.to) });
  }
  return e;
}

/** An evidence value for people: sizes as sizes, ratios as percentages, times as times, lists joined. */
function evidenceValue(key, value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.map((v) => evidenceValue(key, v)).join('、');
  }
  if (typeof value === 'number') {
    if (/Bytes/.test(key)) {
      return formatValue('value_bytes', value);
    }
    if (/Ratio$|^rise$|^minRise$/.test(key)) {
      return formatValue('value_ratio', value);
    }
    return formatNumber(value);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return formatDateTime(value);
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

class OpsMonitoringSuggestionsPage extends MonitoringPage {
  static properties = {
    _show: { state: true },
    _charts: { state: true },
  };

  constructor() {
    super();
    this._show = { dismissed: false, inactive: false };
    /** Evidence charts by suggestion id: a query answer, `{error}`, or null while loading. */
    this._charts = new Map();
  }

  async fetchData() {
    const params = new URLSearchParams();
    if (this._show.dismissed) {
      params.set('dismissed', 'true');
    }
    if (this._show.inactive) {
      params.set('inactive', 'true');
    }
    const list = await api(`${API}/suggestions${params.size ? `?${params}` : ''}`);
    const suggestions = listOf(list);
    this._loadCharts(suggestions);
    return suggestions;
  }

  /** The evidence charts: each suggestion whose evidence names a series, over the evidence's window (7 days without one). */
  async _loadCharts(suggestions) {
    const next = new Map();
    const charted = suggestions.filter((s) => flatten(s.evidence).seriesId != null);
    const jobs = charted.map(async (s) => {
      const e = flatten(s.evidence);
      const to = Date.parse(e.to ?? e.windowTo ?? '') || Date.now();
      const from = Date.parse(e.from ?? e.windowFrom ?? '') || to - 7 * 86400e3;
      try {
        next.set(s.id, await querySeries([e.seriesId], { from, to }, 300));
      } catch (error) {
        next.set(s.id, { error });
      }
    });
    this._charts = new Map(charted.map((s) => [s.id, null]));
    await Promise.all(jobs);
    this._charts = next;
  }

  _toggle(key, on) {
    this._show = { ...this._show, [key]: on };
    this.load();
  }

  async _analyse() {
    const outcome = await this.act('refresh', () => api(`${API}/suggestions/refresh`, { method: 'POST' }),
      (list) => t('analysed', { n: listOf(list).length }));
    if (outcome.ok) {
      this.load({ quiet: true });
    }
  }

  _dismiss(s) {
    return this.confirmAndAct({
      dialog: { title: t('dismissTitle', { title: this._title(s) }), text: t('dismissText'), reason: true, confirm: t('dismiss') },
      key: `s-${s.id}`,
      action: (reason) => api(`${API}/suggestions/${encodeURIComponent(s.id)}/dismiss`, { method: 'POST', json: { reason } }),
      success: t('dismissed'),
    });
  }


  async _restore(s) {
    const outcome = await this.act(`s-${s.id}`, () => api(`${API}/suggestions/${encodeURIComponent(s.id)}/restore`,
      { method: 'POST' }), t('restored'));
    if (outcome.ok) {
      this.load({ quiet: true });
    }
  }

  _title(s) {
    return localized({ 'zh-CN': s.title, en: s.titleEn || s.title });
  }

  renderPage() {
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    const tools = html`
      <label class="ops-check"><input type="checkbox" data-testid="show-dismissed" .checked=${this._show.dismissed}
          @change=${(e) => this._toggle('dismissed', e.target.checked)}><span>${t('showDismissed')}</span></label>
      <label class="ops-check"><input type="checkbox" data-testid="show-inactive" .checked=${this._show.inactive}
          @change=${(e) => this._toggle('inactive', e.target.checked)}><span>${t('showInactive')}</span></label>
      ${mayOperate ? html`<button type="button" class="ops-button ops-button--primary" data-testid="analyse"
          ?disabled=${this.isBusy('refresh')} @click=${() => this._analyse()}>${this.isBusy('refresh') ? t('analysing') : t('analyse')}</button>` : nothing}`;
    return html`${this.renderHeader(t('title'), t('intro'), tools)}${this.renderBody()}`;
  }

  renderContent(suggestions) {
    if (suggestions.length === 0) {
      return html`<p class="ops-card ops-empty" data-testid="suggestions-empty">${t('none')}</p>`;
    }
    const order = { CRITICAL: 0, WARNING: 1, INFO: 2 };
    const sorted = [...suggestions].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3)
      || Date.parse(b.lastSeenAt ?? 0) - Date.parse(a.lastSeenAt ?? 0));
    return html`<div class="ops-monitoring-suggestions" data-testid="suggestions">${sorted.map((s) => this._renderCard(s))}</div>`;
  }

  _renderCard(s) {
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    const evidence = flatten(s.evidence);
    const metric = evidence.metric ?? '';
    const titles = EVIDENCE_TITLES[lang()] ?? EVIDENCE_TITLES['zh-CN'];
    const facts = Object.entries(evidence).filter(([key]) => !HIDDEN_EVIDENCE.has(key));
    const hasChart = evidence.seriesId !== undefined && evidence.seriesId !== null;
    const chart = this._charts.get(s.id);
    return html`
      <article class="ops-card ops-monitoring-suggestion ops-monitoring-suggestion--${String(s.severity).toLowerCase()}
          ${s.dismissedAt || s.active === false ? 'ops-monitoring-suggestion--faded' : ''}"
          data-testid="suggestion" data-suggestion=${s.id} data-kind=${s.kind}>
        <header class="ops-monitoring-suggestion__head">
          ${severityBadge(s.severity)}
          <h2 class="ops-monitoring-suggestion__title">${this._title(s)}</h2>
          ${s.active === false ? html`<span class="ops-badge ops-badge--muted">${t('inactive')}</span>` : nothing}
        </header>
        <p><strong>${t('action')}${t('colon')}</strong>${localized({ 'zh-CN': s.action, en: s.actionEn || s.action })}</p>
        ${s.targetId != null ? html`<p class="ops-muted">${t('target')}${t('colon')}
          <a href="#/monitoring/target/${encodeURIComponent(s.targetId)}">${targetNameOf(s) || `#${s.targetId}`}</a></p>` : nothing}
        ${facts.length ? html`
          <dl class="ops-facts ops-monitoring-evidence" data-testid="evidence" aria-label=${t('evidence')}>
            ${facts.map(([key, value]) => html`<dt>${titles[key] ?? key}</dt><dd>${evidenceValue(key, value)}</dd>`)}
          </dl>` : nothing}
        ${hasChart ? (chart === null || chart === undefined ? html`<p class="ops-muted" role="status">${t('chartLoading')}</p>`
          : chart.error ? html`<p class="ops-error">${t('loadFailed', { message: chart.error.message })}</p>`
            : html`<ops-monitoring-chart .data=${chart} metric=${metric} height="160" data-testid="evidence-chart"></ops-monitoring-chart>`) : nothing}
        <footer class="ops-monitoring-suggestion__foot">
          <span class="ops-muted">${t('firstSeen')} ${formatDateTime(s.firstSeenAt)} · ${t('lastSeen')} ${formatDateTime(s.lastSeenAt)}</span>
          ${s.dismissedAt ? html`<span class="ops-muted" data-testid="dismissed-by">${t('dismissedBy',
            { who: s.dismissedBy, time: formatDateTime(s.dismissedAt), reason: s.dismissedReason })}</span>` : nothing}
          <span class="ops-toolbar__spacer"></span>
          ${mayOperate ? (s.dismissedAt
            ? html`<button type="button" class="ops-button ops-button--small" data-testid="restore" ?disabled=${this.isBusy(`s-${s.id}`)}
                @click=${() => this._restore(s)}>${t('restore')}</button>`
            : html`<button type="button" class="ops-button ops-button--small" data-testid="dismiss" ?disabled=${this.isBusy(`s-${s.id}`)}
                @click=${() => this._dismiss(s)}>${t('dismiss')}</button>`) : nothing}
        </footer>
      </article>`;
  }
}

if (!customElements.get('ops-monitoring-suggestions-page')) {
  customElements.define('ops-monitoring-suggestions-page', OpsMonitoringSuggestionsPage);
}
