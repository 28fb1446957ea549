/**
 * `<ops-monitoring-page>`: the Monitoring page (监控总览), two views by the location hash.
 *
 * `#/monitoring`: the live status grid of the targets (`GET /api/monitoring/status`, then each `monitoring-status` live
 * event), the ten newest active alerts (`GET /api/monitoring/alerts?state=active&limit=10`) and the key charts of the
 * last hour — the console host's CPU, memory and disks and every HTTP target's latency (`GET /api/monitoring/series?
 * metric=…`, then `GET /api/monitoring/query`).
 *
 * `#/monitoring/target/<id>`: one target (`GET /api/monitoring/targets/<id>`): its state and settings, charts of its
 * series by metric over a chosen time range (dragging across a chart narrows the range), its recent probe results, its
 * up/down events and the rules that apply; "Probe now" (`POST …/probe`, needs `monitoring.configure`) and a link to edit.
 */
import { html, nothing } from 'lit';
import { hasPermission, localized } from 'opsconsole';
import {
  API, MonitoringPage, PERMISSIONS, STATUS_EVENT, alertRuleName, alertSummary, api, formatDateTime, formatNumber, labelsText,
  listOf, metricTitle, pageMessages, probeMessage, querySeries, rangeBounds, renderTable, ruleName, severityBadge,
  alertStateBadges, sinceText, stateBadge, targetName, targetNameOf,
} from './monitoring-common.js';
import './monitoring-chart.js';

const t = pageMessages({
  'zh-CN': {
    title: '监控总览',
    intro: '各监控目标的实时状态、当前告警与关键指标。状态随服务器推送自动更新。',
    targets: '监控目标',
    noTargets: '尚未配置监控目标。',
    configureTargets: '配置监控目标',
    firingCount: '{n} 条告警',
    summaryTargets: '目标',
    summaryDown: '故障',
    summaryFiring: '告警中',
    summaryCritical: '严重',
    summaryAcknowledged: '已确认',
    alerts: '当前告警',
    allAlerts: '查看全部告警',
    noAlerts: '当前没有告警。',
    severity: '级别', state: '状态', summary: '摘要', target: '目标', firedAt: '触发时间',
    charts: '关键指标（最近 1 小时）',
    chartsLoading: '正在加载图表…',
    hostCharts: '控制台主机',
    httpLatency: 'HTTP 响应时间',
    noChartData: '暂无数据',
    back: '返回监控总览',
    targetMissing: '没有编号为 {id} 的监控目标。',
    kind: '类型',
    interval: '探测间隔',
    timeout: '超时',
    labels: '标签',
    settings: '设置',
    secretSet: '已设置',
    lastProbe: '最近探测',
    message: '信息',
    probeNow: '立即探测',
    probing: '正在探测…',
    probed: '探测完成：{state}，耗时 {ms} ms。{message}',
    editTarget: '编辑目标',
    metric: '指标',
    allMetrics: '全部指标',
    noSeries: '该目标尚无时间序列数据。',
    resolution: '数据精度：{resolution}',
    resolutionraw: '原始',
    resolution5m: '5 分钟',
    resolution1h: '1 小时',
    recent: '最近探测结果',
    at: '时间',
    result: '结果',
    duration: '耗时',
    noRecent: '尚无探测结果。',
    events: '状态变化',
    noEvents: '尚无状态变化。',
    rules: '适用的告警规则',
    noRules: '没有适用的告警规则。',
    seconds: '{n} 秒',
    enabledNo: '已停用',
    maintenanceNow: '维护窗口中',
  },
  en: {
    title: 'Monitoring',
    intro: 'The live state of the monitored targets, the current alerts and the key metrics. States follow the server by themselves.',
    targets: 'Targets',
    noTargets: 'No monitoring targets are configured yet.',
    configureTargets: 'Configure targets',
    firingCount: { one: '{n} alert', other: '{n} alerts' },
    summaryTargets: 'Targets',
    summaryDown: 'Down',
    summaryFiring: 'Firing',
    summaryCritical: 'Critical',
    summaryAcknowledged: 'Acknowledged',
    alerts: 'Current alerts',
    allAlerts: 'All alerts',
    noAlerts: 'No alerts right now.',
    severity: 'Severity', state: 'State', summary: 'Summary', target: 'Target', firedAt: 'Fired',
    charts: 'Key metrics (last hour)',
    chartsLoading: 'Loading the charts…',
    hostCharts: 'Console host',
    httpLatency: 'HTTP latency',
    noChartData: 'No data yet',
    back: 'Back to the overview',
    targetMissing: 'There is no monitoring target {id}.',
    kind: 'Kind',
    interval: 'Interval',
    timeout: 'Timeout',
    labels: 'Labels',
    settings: 'Settings',
    secretSet: 'set',
    lastProbe: 'Last probe',
    message: 'Message',
    probeNow: 'Probe now',
    probing: 'Probing…',
    probed: 'Probed: {state} in {ms} ms. {message}',
    editTarget: 'Edit target',
    metric: 'Metric',
    allMetrics: 'All metrics',
    noSeries: 'This target has no time series yet.',
    resolution: 'Resolution: {resolution}',
    resolutionraw: 'raw',
    resolution5m: '5 minutes',
    resolution1h: '1 hour',
    recent: 'Recent probe results',
    at: 'Time',
    result: 'Result',
    duration: 'Duration',
    noRecent: 'No probe results yet.',
    events: 'State changes',
    noEvents: 'No state changes yet.',
    rules: 'Alert rules that apply',
    noRules: 'No alert rules apply.',
    seconds: '{n} s',
    enabledNo: 'Disabled',
    maintenanceNow: 'In a maintenance window',
  },
});

const HOST_METRICS = ['host_cpu_used_ratio', 'host_memory_used_ratio', 'disk_used_ratio'];
const LATENCY_METRIC = 'http_latency_ms';
/** Above this many metrics the target view shows one metric at a time, chosen in a select. */
const METRICS_SHOWN_TOGETHER = 4;
/** The least time between two reloads of the alerts that live events cause. */
const ALERTS_RELOAD_MS = 2000;

/** The view the hash names: `{view: 'overview'}` or `{view: 'target', id}`. */
function route() {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/');
  if (parts[1] === 'target' && parts[2]) {
    return { view: 'target', id: decodeURIComponent(parts[2]) };
  }
  return { view: 'overview' };
}

class OpsMonitoringPage extends MonitoringPage {
  static properties = {
    _charts: { state: true },
    _range: { state: true },
    _query: { state: true },
    _metric: { state: true },
    _probe: { state: true },
  };

  constructor() {
    super();
    this._route = route();
    /** The overview's charts: `{host: answer, latency: answer}`, null while loading. */
    this._charts = null;
    this._range = { preset: '1h' };
    /** The target view's query answer, null while loading. */
    this._query = null;
    this._metric = '';
    this._probe = null;
    this._alertsTimer = 0;
    /** The probe kinds, for their titles; null until loaded. */
    this._kinds = null;
    this._onHashChange = () => {
      const next = route();
      if (next.view !== this._route.view || next.id !== this._route.id) {
        this._route = next;
        this.data = null;
        this._query = null;
        this._probe = null;
        this._metric = '';
        this.notice = null;
        this.load();
      }
    };
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    this.listen(STATUS_EVENT, (status) => this._onStatus(status));
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    clearTimeout(this._alertsTimer);
    super.disconnectedCallback();
  }

  async fetchData() {
    if (this._route.view === 'target') {
      const [target, kinds] = await Promise.all([api(`${API}/targets/${encodeURIComponent(this._route.id)}`),
        this._kinds ? Promise.resolve(this._kinds) : api(`${API}/kinds`).catch(() => [])]);
      this._kinds = listOf(kinds);
      this._loadQuery(target);
      return { target };
    }
    const [status, alerts, kinds] = await Promise.all([api(`${API}/status`), api(`${API}/alerts?state=active&limit=10`),
      this._kinds ? Promise.resolve(this._kinds) : api(`${API}/kinds`).catch(() => [])]);
    this._kinds = listOf(kinds);
    this._loadCharts();
    return { status, alerts: listOf(alerts) };
  }

  /** A live status: the grid at once, the alerts list a moment later (several events may come together). */
  _onStatus(status) {
    if (!status || typeof status !== 'object') {
      return;
    }
    if (this._route.view === 'overview' && this.data?.status) {
      this.data = { ...this.data, status };
      if (!this._alertsTimer) {
        this._alertsTimer = setTimeout(async () => {
          this._alertsTimer = 0;
          try {
            const alerts = await api(`${API}/alerts?state=active&limit=10`);
            if (this._route.view === 'overview' && this.data) {
              this.data = { ...this.data, alerts: listOf(alerts) };
            }
          } catch (error) {
            console.error('opsconsole monitoring: the alerts could not be reloaded', error);
          }
        }, ALERTS_RELOAD_MS);
      }
    } else if (this._route.view === 'target' && this.data?.target) {
      const mine = (status.targets ?? []).find((s) => String(s.id) === String(this._route.id));
      if (mine && (mine.state !== this.data.target.status?.state || mine.firing !== this.data.target.firing)) {
        this.load({ quiet: true });
      }
    }
  }

  async _loadCharts() {
    try {
      const lists = await Promise.all([...HOST_METRICS, LATENCY_METRIC]
        .map((metric) => api(`${API}/series?metric=${encodeURIComponent(metric)}`)));
      const host = lists.slice(0, HOST_METRICS.length).flat();
      const latency = lists[HOST_METRICS.length] ?? [];
      const bounds = rangeBounds({ preset: '1h' });
      const [hostAnswer, latencyAnswer] = await Promise.all([
        querySeries(host.map((s) => s.id), bounds, 300), querySeries(latency.map((s) => s.id), bounds, 300)]);
      this._charts = { host: hostAnswer, latency: latencyAnswer };
    } catch (error) {
      console.error('opsconsole monitoring: the charts could not be loaded', error);
      this._charts = { error };
    }
  }

  async _loadQuery(target) {
    const series = listOf(target?.series);
    this._query = null;
    try {
      this._query = await querySeries(series.map((s) => s.id), rangeBounds(this._range));
    } catch (error) {
      console.error('opsconsole monitoring: the target\'s series could not be loaded', error);
      this._query = { error, series: [] };
    }
  }

  _setRange(range) {
    this._range = range;
    this._loadQuery(this.data?.target);
  }

  async _probeNow() {
    const target = this.data.target;
    const outcome = await this.act('probe', () => api(`${API}/targets/${encodeURIComponent(target.id)}/probe`, { method: 'POST' }));
    if (outcome.ok) {
      this._probe = outcome.result;
      this.load({ quiet: true });
    }
  }

  renderPage() {
    if (this._route.view === 'target') {
      return html`
        <p class="ops-monitoring-back"><a href="#/monitoring" data-testid="back">← ${t('back')}</a></p>
        ${this.renderBody()}`;
    }
    return html`${this.renderHeader(t('title'), t('intro'))}${this.renderBody()}`;
  }

  renderContent(data) {
    return data.target ? this._renderTarget(data.target) : this._renderOverview(data);
  }

  // ---------------------------------------------------------------- overview

  _renderOverview({ status, alerts }) {
    const targets = listOf(status?.targets);
    const down = targets.filter((s) => s.state === 'DOWN' && !s.maintenance).length;
    const counts = status?.alerts ?? {};
    return html`
      <div class="ops-grid ops-monitoring-summary" data-testid="status-summary">
        ${this._stat('summaryTargets', formatNumber(targets.length), 'targets')}
        ${this._stat('summaryDown', formatNumber(down), 'down', down > 0)}
        ${this._stat('summaryFiring', formatNumber(counts.firing ?? 0), 'firing', (counts.firing ?? 0) > 0)}
        ${this._stat('summaryCritical', formatNumber(counts.critical ?? 0), 'critical', (counts.critical ?? 0) > 0)}
        ${this._stat('summaryAcknowledged', formatNumber(counts.acknowledged ?? 0), 'acknowledged')}
      </div>
      <h2 class="ops-section-title">${t('targets')}</h2>
      ${targets.length === 0 ? html`
        <p class="ops-empty ops-card" data-testid="targets-empty">${t('noTargets')}
          ${hasPermission(PERMISSIONS.CONFIGURE) ? html` <a href="#/monitoring-targets">${t('configureTargets')}</a>` : nothing}</p>` : html`
        <ul class="ops-monitoring-tiles" data-testid="status-grid">
          ${targets.map((s) => this._renderTile(s))}
        </ul>`}
      <h2 class="ops-section-title">${t('alerts')}
        <a class="ops-section-title__note" href="#/monitoring-alerts" data-testid="all-alerts">${t('allAlerts')}</a></h2>
      ${renderTable({
        testid: 'firing-alerts',
        columns: [t('severity'), t('state'), t('summary'), t('target'), t('firedAt')],
        items: alerts.slice(0, 10),
        empty: t('noAlerts'),
        row: (a) => html`
          <tr data-alert=${a.id}>
            <td>${severityBadge(a.severity)}</td>
            <td>${alertStateBadges(a)}</td>
            <td>${alertSummary(a)}<span class="ops-table__secondary">${alertRuleName(a)}</span></td>
            <td>${a.targetId ? html`<a href="#/monitoring/target/${encodeURIComponent(a.targetId)}">${targetNameOf(a)}</a>` : (targetNameOf(a) || '—')}</td>
            <td class="ops-nowrap">${formatDateTime(a.firedAt ?? a.pendingAt)}</td>
          </tr>`,
      })}
      <h2 class="ops-section-title">${t('charts')}</h2>
      ${this._renderKeyCharts()}`;
  }

  _stat(key, value, testid, alarm = false) {
    return html`
      <div class="ops-card ops-stat ${alarm ? 'ops-monitoring-stat--alarm' : ''}" data-testid="summary-${testid}">
        <span class="ops-stat__label">${t(key)}</span>
        <span class="ops-stat__value ops-stat__value--figure">${value}</span>
      </div>`;
  }

  _renderTile(s) {
    const state = s.maintenance ? 'MAINTENANCE' : (['UP', 'DOWN'].includes(s.state) ? s.state : 'UNKNOWN');
    const message = probeMessage(s);
    return html`
      <li>
        <a class="ops-monitoring-tile ops-monitoring-tile--${state.toLowerCase()}" href="#/monitoring/target/${encodeURIComponent(s.id)}"
            data-testid="status-tile" data-target=${s.id} data-state=${state}>
          <span class="ops-monitoring-tile__head">
            <span class="ops-monitoring-tile__name">${targetName(s)}</span>
            ${stateBadge(s.state, s.maintenance)}
          </span>
          <span class="ops-monitoring-tile__kind">${this._kindTitle(s.kind)}</span>
          <span class="ops-monitoring-tile__since">${sinceText(s.since)}</span>
          ${message ? html`<span class="ops-monitoring-tile__message" title=${message}>${message}</span>` : nothing}
          ${s.firing > 0 ? html`<span class="ops-badge ops-badge--error" data-testid="tile-firing">${t('firingCount', { n: s.firing })}</span>` : nothing}
        </a>
      </li>`;
  }

  /** A setting's label as its probe kind declares it, else its name. */
  _settingLabel(kind, name) {
    const field = (this._kinds ?? []).find((x) => x.kind === kind)?.fields?.find((f) => f.name === name);
    return field ? localized({ 'zh-CN': field.label, en: field.labelEn || field.label }) : name;
  }

  _kindTitle(kind) {
    const k = (this._kinds ?? []).find((x) => x.kind === kind);
    return k ? localized({ 'zh-CN': k.title, en: k.titleEn || k.title }) : kind;
  }

  _renderKeyCharts() {
    const charts = this._charts;
    if (charts === null) {
      return html`<p class="ops-empty" role="status">${t('chartsLoading')}</p>`;
    }
    if (charts.error) {
      return html`<p class="ops-error" role="alert">${t('loadFailed', { message: charts.error.message })}</p>`;
    }
    const byMetric = (answer, metric) => ({ ...answer, series: (answer.series ?? []).filter((s) => s.metric === metric) });
    return html`
      <div class="ops-monitoring-charts" data-testid="key-charts">
        ${HOST_METRICS.map((metric) => html`
          <section class="ops-card ops-monitoring-chart-card" data-metric=${metric}>
            <h3 class="ops-monitoring-chart-card__title">${t('hostCharts')} · ${metricTitle(metric)}</h3>
            <ops-monitoring-chart .data=${byMetric(charts.host, metric)} metric=${metric} height="180"
                empty=${t('noChartData')}></ops-monitoring-chart>
          </section>`)}
        <section class="ops-card ops-monitoring-chart-card" data-metric=${LATENCY_METRIC}>
          <h3 class="ops-monitoring-chart-card__title">${t('httpLatency')}</h3>
          <ops-monitoring-chart .data=${charts.latency} metric=${LATENCY_METRIC} height="180"
              empty=${t('noChartData')}></ops-monitoring-chart>
        </section>
      </div>`;
  }

  // ---------------------------------------------------------------- one target

  _renderTarget(target) {
    const status = target.status ?? {};
    const mayProbe = hasPermission(PERMISSIONS.CONFIGURE);
    const secrets = new Set(target.secretsSet ?? []);
    const settings = Object.entries(target.settings ?? {}).filter(([name]) => !secrets.has(name));
    return html`
      <h1 class="ops-page-title" data-testid="target-title">${targetName(target)}
        ${stateBadge(status.state, target.maintenance)}
        ${target.enabled === false ? html`<span class="ops-badge ops-badge--muted">${t('enabledNo')}</span>` : nothing}
      </h1>
      <div class="ops-toolbar">
        ${mayProbe ? html`
          <button type="button" class="ops-button ops-button--primary" data-testid="probe-now" ?disabled=${this.isBusy('probe')}
              @click=${() => this._probeNow()}>${this.isBusy('probe') ? t('probing') : t('probeNow')}</button>
          <a class="ops-button" href="#/monitoring-targets/edit/${encodeURIComponent(target.id)}" data-testid="edit-target">${t('editTarget')}</a>`
          : nothing}
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" data-testid="refresh" ?disabled=${this.loading} @click=${() => this.load()}>${t('refresh')}</button>
      </div>
      ${this.renderNotice()}
      ${this._probe ? html`
        <p class="ops-notice ${this._probe.up ? 'ops-notice--ok' : 'ops-notice--warn'}" role="status" data-testid="probe-result">
          ${t('probed', { state: t(this._probe.up ? 'UP' : 'DOWN'), ms: formatNumber(this._probe.durationMs), message: probeMessage(this._probe) })}</p>` : nothing}
      <section class="ops-card" data-testid="target-summary">
        <dl class="ops-facts">
          <dt>${t('kind')}</dt><dd>${localized({ 'zh-CN': target.kindTitle, en: target.kindTitleEn }) || target.kind}</dd>
          <dt>${t('state')}</dt><dd>${sinceText(status.since)}${target.maintenance ? html` · ${t('maintenanceNow')}` : nothing}</dd>
          <dt>${t('lastProbe')}</dt><dd>${formatDateTime(status.lastAt)}${status.durationMs != null ? ` · ${formatNumber(status.durationMs)} ms` : ''}</dd>
          ${probeMessage(status) ? html`<dt>${t('message')}</dt><dd>${probeMessage(status)}</dd>` : nothing}
          <dt>${t('interval')}</dt><dd>${t('seconds', { n: target.intervalSeconds })} · ${t('timeout')} ${t('seconds', { n: target.timeoutSeconds })}</dd>
          <dt>${t('labels')}</dt><dd class="ops-mono">${labelsText(target.labels) || t('none')}</dd>
          ${settings.map(([name, value]) => html`<dt>${this._settingLabel(target.kind, name)}</dt>
            <dd class="ops-mono ops-monitoring-wrap">${String(value) || '—'}</dd>`)}
          ${[...secrets].map((name) => html`<dt>${this._settingLabel(target.kind, name)}</dt>
            <dd><span class="ops-badge ops-badge--ok">${t('secretSet')}</span></dd>`)}
        </dl>
      </section>
      ${this._renderTargetCharts(target)}
      <div class="ops-monitoring-columns">
        <section>
          <h2 class="ops-section-title">${t('recent')}</h2>
          ${renderTable({
            testid: 'recent-results', columns: [t('at'), t('result'), { title: t('duration'), cls: 'ops-table__number' }, t('message')],
            items: target.recent ?? [], empty: t('noRecent'),
            row: (r) => html`<tr><td class="ops-nowrap">${formatDateTime(r.at)}</td><td>${stateBadge(r.up ? 'UP' : 'DOWN')}</td>
              <td class="ops-table__number">${formatNumber(r.durationMs)} ms</td><td class="ops-monitoring-wrap">${probeMessage(r)}</td></tr>`,
          })}
        </section>
        <section>
          <h2 class="ops-section-title">${t('events')}</h2>
          ${renderTable({
            testid: 'target-events', columns: [t('at'), t('state'), t('message')], items: target.events ?? [], empty: t('noEvents'),
            row: (e) => html`<tr><td class="ops-nowrap">${formatDateTime(e.at)}</td><td>${stateBadge(e.up ? 'UP' : 'DOWN')}</td>
              <td class="ops-monitoring-wrap">${probeMessage(e)}</td></tr>`,
          })}
          <h2 class="ops-section-title">${t('rules')}</h2>
          ${(target.rules ?? []).length === 0 ? html`<p class="ops-empty" data-testid="target-rules-empty">${t('noRules')}</p>` : html`
            <ul class="ops-monitoring-list" data-testid="target-rules">
              ${target.rules.map((r) => html`<li>${severityBadge(r.severity)}
                <a href="#/monitoring-rules/edit/${encodeURIComponent(r.id)}">${ruleName(r)}</a></li>`)}
            </ul>`}
        </section>
      </div>`;
  }

  _renderTargetCharts(target) {
    const series = listOf(target.series);
    const metrics = [...new Set(series.map((s) => s.metric))].sort();
    const chosen = metrics.length > METRICS_SHOWN_TOGETHER ? (this._metric || metrics[0]) : '';
    const shown = chosen ? [chosen] : metrics;
    const query = this._query;
    return html`
      <h2 class="ops-section-title">${t('metric')}</h2>
      <div class="ops-toolbar">
        <ops-monitoring-range .value=${this._range} data-testid="target-range"
            @ops-range-change=${(e) => this._setRange(e.detail)}></ops-monitoring-range>
        ${metrics.length > METRICS_SHOWN_TOGETHER ? html`
          <label>${t('metric')}
            <select class="ops-input" data-testid="metric-select" @change=${(e) => { this._metric = e.target.value; }}>
              ${metrics.map((m) => html`<option value=${m} ?selected=${m === chosen}>${metricTitle(m) === m ? m : `${metricTitle(m)} (${m})`}</option>`)}
            </select></label>` : nothing}
        ${query && !query.error && query.resolution ? html`<span class="ops-muted" data-testid="resolution">
          ${t('resolution', { resolution: t(`resolution${query.resolution}`) })}</span>` : nothing}
      </div>
      ${series.length === 0 ? html`<p class="ops-empty ops-card" data-testid="no-series">${t('noSeries')}</p>`
        : query === null ? html`<p class="ops-empty" role="status">${t('loading')}</p>`
          : query.error ? html`<p class="ops-error" role="alert">${t('loadFailed', { message: query.error.message })}</p>`
            : html`<div class="ops-monitoring-charts" data-testid="target-charts">
              ${shown.map((metric) => html`
                <section class="ops-card ops-monitoring-chart-card" data-metric=${metric}>
                  <h3 class="ops-monitoring-chart-card__title">${metricTitle(metric)}${metricTitle(metric) === metric ? nothing
                    : html` <span class="ops-muted ops-mono">${metric}</span>`}</h3>
                  <ops-monitoring-chart .data=${{ ...query, series: (query.series ?? []).filter((s) => s.metric === metric) }}
                      metric=${metric} @ops-range-select=${(e) => this._setRange({ preset: 'custom', ...e.detail })}></ops-monitoring-chart>
                </section>`)}
            </div>`}`;
  }
}

if (!customElements.get('ops-monitoring-page')) {
  customElements.define('ops-monitoring-page', OpsMonitoringPage);
}
