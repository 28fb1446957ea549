/**
 * `<ops-monitoring-alerts-page>`: the Alerts page (告警). The alerts by state (active, acknowledged, resolved, all),
 * severity, target and text (`GET /api/monitoring/alerts?…`), reloaded on each `monitoring-status` live event; for users
 * with `monitoring.operate`, acknowledging the selected firing alerts with a required reason
 * (`POST /api/monitoring/alerts/acknowledge`).
 */
import { html, nothing } from 'lit';
import { hasPermission } from 'opsconsole';
import {
  API, MonitoringPage, PERMISSIONS, SEVERITIES, STATUS_EVENT, alertRuleName, alertStateBadges, alertSummary, api, formatDateTime,
  formatValue, labelsText, listOf, pageMessages, renderTable, severityBadge, targetName, targetNameOf,
} from './monitoring-common.js';

const t = pageMessages({
  'zh-CN': {
    title: '告警',
    intro: '告警规则触发的告警。确认表示已有人在处理：已确认的告警在解决前不再重复通知，也不再升级。',
    state: '状态',
    stateactive: '活动',
    stateacknowledged: '已确认',
    stateresolved: '已解决',
    stateall: '全部',
    severity: '级别',
    anySeverity: '全部级别',
    target: '目标',
    anyTarget: '全部目标',
    search: '搜索',
    searchPlaceholder: '摘要、规则或标签',
    select: '选择',
    selectAll: '选择全部未确认的告警',
    summary: '摘要',
    times: '时间',
    firedAt: '触发',
    pendingAt: '待触发',
    resolvedAt: '解决',
    escalatedAt: '已升级',
    ack: '确认情况',
    ackBy: '{who} 于 {time} 确认',
    acknowledge: '确认',
    acknowledgeSelected: '确认所选（{n}）',
    ackTitle: '确认 {n} 条告警',
    ackText: '确认后这些告警在解决前不再重复通知和升级。请说明原因或处理情况。',
    acknowledged: '已确认 {n} 条告警。',
    none: '没有符合条件的告警。',
    value: '当前值 {value}',
    count: '共 {n} 条',
  },
  en: {
    title: 'Alerts',
    intro: 'Alerts raised by the alert rules. Acknowledging says someone is on it: an acknowledged alert is not notified again nor escalated until it resolves.',
    state: 'State',
    stateactive: 'Active',
    stateacknowledged: 'Acknowledged',
    stateresolved: 'Resolved',
    stateall: 'All',
    severity: 'Severity',
    anySeverity: 'Any severity',
    target: 'Target',
    anyTarget: 'Any target',
    search: 'Search',
    searchPlaceholder: 'Summary, rule or label',
    select: 'Select',
    selectAll: 'Select all unacknowledged alerts',
    summary: 'Summary',
    times: 'Times',
    firedAt: 'Fired',
    pendingAt: 'Pending',
    resolvedAt: 'Resolved',
    escalatedAt: 'Escalated',
    ack: 'Acknowledgement',
    ackBy: 'by {who} at {time}',
    acknowledge: 'Acknowledge',
    acknowledgeSelected: 'Acknowledge selected ({n})',
    ackTitle: { one: 'Acknowledge {n} alert', other: 'Acknowledge {n} alerts' },
    ackText: 'Acknowledged alerts are not notified again nor escalated until they resolve. Say why, or what is being done.',
    acknowledged: { one: '{n} alert acknowledged.', other: '{n} alerts acknowledged.' },
    none: 'No alerts match.',
    value: 'value {value}',
    count: { one: '{n} alert', other: '{n} alerts' },
  },
});

const STATES = ['active', 'acknowledged', 'resolved', 'all'];
const LIMIT = 500;
/** The least time between two reloads that live events cause. */
const RELOAD_MS = 1500;

/** Whether an alert can still be acknowledged. */
function acknowledgeable(alert) {
  return alert.state === 'FIRING' && !alert.ackAt;
}

class OpsMonitoringAlertsPage extends MonitoringPage {
  static properties = {
    _filter: { state: true },
    _selected: { state: true },
  };

  constructor() {
    super();
    this._filter = { state: 'active', severity: '', target: '', q: '' };
    this._selected = new Set();
    this._targets = [];
    this._reloadTimer = 0;
    this._searchTimer = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.listen(STATUS_EVENT, () => {
      if (!this._reloadTimer) {
        this._reloadTimer = setTimeout(() => {
          this._reloadTimer = 0;
          this.load({ quiet: true });
        }, RELOAD_MS);
      }
    });
  }

  disconnectedCallback() {
    clearTimeout(this._reloadTimer);
    clearTimeout(this._searchTimer);
    this._reloadTimer = 0;
    super.disconnectedCallback();
  }

  async fetchData() {
    const f = this._filter;
    const params = new URLSearchParams({ state: f.state, limit: String(LIMIT) });
    for (const key of ['severity', 'target', 'q']) {
      if (f[key]) {
        params.set(key, f[key]);
      }
    }
    const [alerts, targets] = await Promise.all([
      api(`${API}/alerts?${params}`),
      this._targets.length ? Promise.resolve(this._targets) : api(`${API}/targets`).catch(() => []),
    ]);
    this._targets = listOf(targets);
    const list = listOf(alerts);
    const present = new Set(list.filter(acknowledgeable).map((a) => String(a.id)));
    this._selected = new Set([...this._selected].filter((id) => present.has(id)));
    return list;
  }

  _setFilter(change, debounce = false) {
    this._filter = { ...this._filter, ...change };
    clearTimeout(this._searchTimer);
    if (debounce) {
      this._searchTimer = setTimeout(() => this.load(), 300);
    } else {
      this.load();
    }
  }

  _toggle(id, on) {
    const next = new Set(this._selected);
    if (on) {
      next.add(String(id));
    } else {
      next.delete(String(id));
    }
    this._selected = next;
  }

  _acknowledge() {
    const ids = [...this._selected];
    return this.confirmAndAct({
      dialog: { title: t('ackTitle', { n: ids.length }), text: t('ackText'), reason: true, confirm: t('acknowledge') },
      key: 'ack',
      action: (reason) => api(`${API}/alerts/acknowledge`, {
        method: 'POST', json: { ids: ids.map((id) => (/^\d+$/.test(id) ? Number(id) : id)), reason },
      }),
      success: (answer) => t('acknowledged', { n: answer?.acknowledged ?? ids.length }),
      done: () => {
        this._selected = new Set();
      },
    });
  }

  renderPage() {
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    const f = this._filter;
    const tools = html`
      <span class="ops-segments" role="group" aria-label=${t('state')} data-testid="filter-state">
        ${STATES.map((s) => html`<button type="button" aria-pressed=${String(f.state === s)} data-state=${s}
            @click=${() => this._setFilter({ state: s })}>${t(`state${s}`)}</button>`)}
      </span>
      <label class="ops-visually-hidden" for="ops-alerts-severity">${t('severity')}</label>
      <select class="ops-input" id="ops-alerts-severity" data-testid="filter-severity"
          @change=${(e) => this._setFilter({ severity: e.target.value })}>
        <option value="" ?selected=${!f.severity}>${t('anySeverity')}</option>
        ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${f.severity === s}>${t(s)}</option>`)}
      </select>
      <label class="ops-visually-hidden" for="ops-alerts-target">${t('target')}</label>
      <select class="ops-input" id="ops-alerts-target" data-testid="filter-target"
          @change=${(e) => this._setFilter({ target: e.target.value })}>
        <option value="" ?selected=${!f.target}>${t('anyTarget')}</option>
        ${this._targets.map((x) => html`<option value=${x.id} ?selected=${String(f.target) === String(x.id)}>${targetName(x)}</option>`)}
      </select>
      <label class="ops-visually-hidden" for="ops-alerts-q">${t('search')}</label>
      <input class="ops-input" id="ops-alerts-q" type="search" data-testid="filter-text" placeholder=${t('searchPlaceholder')}
          .value=${f.q} @input=${(e) => this._setFilter({ q: e.target.value.trim() }, true)}>
      ${mayOperate ? html`
        <button type="button" class="ops-button ops-button--primary" data-testid="acknowledge"
            ?disabled=${this._selected.size === 0 || this.isBusy('ack')} @click=${() => this._acknowledge()}>
          ${t('acknowledgeSelected', { n: this._selected.size })}</button>` : nothing}`;
    return html`${this.renderHeader(t('title'), t('intro'), tools)}${this.renderBody()}`;
  }

  renderContent(alerts) {
    const mayOperate = hasPermission(PERMISSIONS.OPERATE);
    const open = alerts.filter(acknowledgeable);
    const allChecked = open.length > 0 && open.every((a) => this._selected.has(String(a.id)));
    const columns = [t('severity'), t('state'), t('summary'), t('target'), t('times'), t('ack')];
    if (mayOperate) {
      columns.unshift({ title: html`<label class="ops-check"><input type="checkbox" data-testid="select-all"
          .checked=${allChecked} ?disabled=${open.length === 0}
          @change=${(e) => { this._selected = e.target.checked ? new Set(open.map((a) => String(a.id))) : new Set(); }}>
          <span class="ops-visually-hidden">${t('selectAll')}</span></label>`, cls: 'ops-table__narrow' });
    }
    return html`
      <p class="ops-muted" data-testid="alert-count">${t('count', { n: alerts.length })}</p>
      ${renderTable({
        testid: 'alerts-table', columns, items: alerts, empty: t('none'),
        row: (a) => html`
          <tr data-alert=${a.id} data-state=${a.state} class=${a.silenced ? 'ops-monitoring-row--silenced' : ''}>
            ${mayOperate ? html`<td class="ops-table__narrow">${acknowledgeable(a) ? html`
              <label class="ops-check"><input type="checkbox" data-testid="select-alert" .checked=${this._selected.has(String(a.id))}
                  @change=${(e) => this._toggle(a.id, e.target.checked)}>
                <span class="ops-visually-hidden">${t('select')} ${alertSummary(a)}</span></label>` : nothing}</td>` : nothing}
            <td>${severityBadge(a.severity)}</td>
            <td>${alertStateBadges(a)}</td>
            <td><strong>${alertSummary(a)}</strong>
              <span class="ops-table__secondary"><a href="#/monitoring-rules/edit/${encodeURIComponent(a.ruleId)}">${alertRuleName(a)}</a>
                ${a.value != null ? html` · ${t('value', { value: formatValue('', a.value) })}` : nothing}</span>
              ${labelsText(a.labels) ? html`<span class="ops-table__secondary ops-mono">${labelsText(a.labels)}</span>` : nothing}</td>
            <td>${a.targetId ? html`<a href="#/monitoring/target/${encodeURIComponent(a.targetId)}">${targetNameOf(a)}</a>` : (targetNameOf(a) || '—')}</td>
            <td class="ops-nowrap"><div class="ops-monitoring-times">
              ${a.firedAt ? html`<span>${t('firedAt')} ${formatDateTime(a.firedAt)}</span>` : html`<span>${t('pendingAt')} ${formatDateTime(a.pendingAt)}</span>`}
              ${a.resolvedAt ? html`<span>${t('resolvedAt')} ${formatDateTime(a.resolvedAt)}</span>` : nothing}
              ${a.escalatedAt ? html`<span>${t('escalatedAt')} ${formatDateTime(a.escalatedAt)}</span>` : nothing}
            </div></td>
            <td>${a.ackAt ? html`${t('ackBy', { who: a.ackBy, time: formatDateTime(a.ackAt) })}
              <span class="ops-table__secondary" data-testid="ack-reason">${a.ackReason}</span>` : html`<span class="ops-muted">—</span>`}</td>
          </tr>`,
      })}`;
  }
}

if (!customElements.get('ops-monitoring-alerts-page')) {
  customElements.define('ops-monitoring-alerts-page', OpsMonitoringAlertsPage);
}
