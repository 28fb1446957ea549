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
  API, MonitoringPage, PERMISSIONS, api, formatDateTime, formatNumber, formatValue, listOf, pageMessages, querySeries,
  severityBadge,
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
    analysed: 'Analysed: {n} suggestions.',
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

/** Evidence keys shown in the chart instead of as numbers, or not at all. */
const HIDDEN_EVIDENCE = new Set(['seriesId', 'from', 'to', 'windowFrom', 'windowTo', 'metric']);
/** Evidence fields in Chinese; others show their key. */
const EVIDENCE_TITLES = {
  'zh-CN': {
    current: '当前值', slopePerDay: '每日变化', daysLeft: '预计剩余天数', forecastAt: '预计到达时间', limit: '上限',
    threshold: '阈值', mount: '挂载点', notAfter: '证书到期', daysToExpiry: '距到期天数', changes: '状态变化次数',
    average: '平均值', max: '最大值', min: '最小值', growthPerDay: '每日增长', samples: '样本数', ratio: '比例',
    used: '已用', total: '总量', value: '数值',
  },
  en: {
    current: 'Current', slopePerDay: 'Change per day', daysLeft: 'Days left', forecastAt: 'Forecast at', limit: 'Limit',
    threshold: 'Threshold', mount: 'Mount', notAfter: 'Certificate expires', daysToExpiry: 'Days to expiry',
    changes: 'State changes', average: 'Average', max: 'Maximum', min: 'Minimum', growthPerDay: 'Growth per day',
    samples: 'Samples', ratio: 'Ratio', used: 'Used', total: 'Total', value: 'Value',
  },
};

/** An evidence value for people: times as times, numbers by the evidence's metric, the rest as text. */
function evidenceValue(key, value, metric) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (typeof value === 'number') {
    return /ratio|current|limit|threshold|average|max|min|value|slope|growth/i.test(key) && metric ? formatValue(metric, value) : formatNumber(value);
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
    const jobs = suggestions.filter((s) => s.evidence?.seriesId !== undefined && s.evidence?.seriesId !== null).map(async (s) => {
      const e = s.evidence;
      const to = Date.parse(e.to ?? e.windowTo ?? '') || Date.now();
      const from = Date.parse(e.from ?? e.windowFrom ?? '') || to - 7 * 86400e3;
      try {
        next.set(s.id, await querySeries([e.seriesId], { from, to }, 300));
      } catch (error) {
        next.set(s.id, { error });
      }
    });
    this._charts = new Map(suggestions.filter((s) => s.evidence?.seriesId != null).map((s) => [s.id, null]));
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
    const evidence = s.evidence ?? {};
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
          <a href="#/monitoring/target/${encodeURIComponent(s.targetId)}">${s.targetName ?? `#${s.targetId}`}</a></p>` : nothing}
        ${facts.length ? html`
          <dl class="ops-facts ops-monitoring-evidence" data-testid="evidence" aria-label=${t('evidence')}>
            ${facts.map(([key, value]) => html`<dt>${titles[key] ?? key}</dt><dd>${evidenceValue(key, value, metric)}</dd>`)}
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
