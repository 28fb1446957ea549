/**
 * `<ops-notify-deliveries-page>`: the Delivery log page (投递记录). Every delivery of every notification through
 * every channel, newest first, from `GET /api/notify/deliveries` (filtered by state, paged back with `before`): the
 * message, the channel, the state, the attempts, when the next attempt is due, and the last error; failed ones are
 * highlighted, and users with `notify.operate` can send one again (`POST /api/notify/deliveries/<id>/retry`). While
 * deliveries wait, the page refreshes itself every few seconds.
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, bilingual, formatDateTime, formatNumber, hasPermission, messages, problemText,
} from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '投递记录',
    intro: '每条通知经每个通知渠道的投递情况。发送失败的投递会按 30 秒、1 分钟、2 分钟……直至 8 小时的间隔自动重试，达到次数上限或遇到无法恢复的错误时标记为失败。',
    all: '全部',
    PENDING: '待投递',
    SENT: '已送达',
    FAILED: '失败',
    refresh: '刷新',
    refreshing: '正在刷新…',
    channels: '通知渠道',
    loading: '正在加载投递记录…',
    loadFailed: '无法加载投递记录：{message}',
    retry: '重试',
    empty: '没有投递记录。',
    emptyState: '没有“{state}”的投递。',
    id: '编号',
    message: '通知',
    channel: '渠道',
    state: '状态',
    attempts: '尝试',
    time: '时间',
    error: '错误信息',
    actions: '操作',
    sentAt: '送达于 {time}',
    nextAt: '下次尝试 {time}',
    createdAt: '发送于 {time}',
    lastAttempt: '上次尝试 {time}',
    removed: '已删除',
    test: '测试',
    source: '来源：{source}',
    retryNow: '重新投递',
    retrying: '正在提交…',
    retried: '投递 {id} 已重新排队，将很快再次尝试。',
    retryFailed: '无法重新投递：{message}',
    more: '加载更早的记录',
    loadingMore: '正在加载…',
    severityINFO: '通知',
    severityWARNING: '警告',
    severityCRITICAL: '严重',
  },
  en: {
    title: 'Delivery log',
    intro: 'How each notification went through each notification channel. Failed deliveries are retried at 30 s, 1 min, 2 min ... up to 8 h intervals, and marked failed when the attempts are used up or the error cannot pass.',
    all: 'All',
    PENDING: 'Waiting',
    SENT: 'Delivered',
    FAILED: 'Failed',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    channels: 'Notification channels',
    loading: 'Loading the delivery log…',
    loadFailed: 'The delivery log could not be loaded: {message}',
    retry: 'Retry',
    empty: 'No deliveries.',
    emptyState: 'No deliveries are "{state}".',
    id: 'No.',
    message: 'Notification',
    channel: 'Channel',
    state: 'State',
    attempts: 'Attempts',
    time: 'Time',
    error: 'Error',
    actions: 'Actions',
    sentAt: 'delivered {time}',
    nextAt: 'next attempt {time}',
    createdAt: 'sent {time}',
    lastAttempt: 'last attempt {time}',
    removed: 'removed',
    test: 'Test',
    source: 'From: {source}',
    retryNow: 'Send again',
    retrying: 'Submitting…',
    retried: 'Delivery {id} is queued again and will be tried shortly.',
    retryFailed: 'The delivery could not be sent again: {message}',
    more: 'Load older entries',
    loadingMore: 'Loading…',
    severityINFO: 'Info',
    severityWARNING: 'Warning',
    severityCRITICAL: 'Critical',
  },
});

const DELIVERIES_URL = '/api/notify/deliveries';
const PAGE_SIZE = 50;
/** How often the page refreshes itself while deliveries wait, in milliseconds. */
const POLL_MILLIS = 5000;
const STATES = ['PENDING', 'SENT', 'FAILED'];
const STATE_BADGES = { PENDING: 'warn', SENT: 'ok', FAILED: 'error' };
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];

class OpsNotifyDeliveriesPage extends LitElement {
  static properties = {
    _entries: { state: true },
    _counts: { state: true },
    _more: { state: true },
    _state: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _loadingMore: { state: true },
    _retrying: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._entries = null;
    this._counts = {};
    this._more = false;
    this._state = '';
    this._error = null;
    this._loading = false;
    this._loadingMore = false;
    this._retrying = new Set();
    this._notice = null;
    this._requests = 0;
    this._poll = 0;
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
    clearTimeout(this._poll);
    this._poll = 0;
    super.disconnectedCallback();
  }

  _url(before) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (this._state) {
      query.set('state', this._state);
    }
    if (before) {
      query.set('before', String(before));
    }
    return `${DELIVERIES_URL}?${query}`;
  }

  async _load() {
    const request = ++this._requests;
    clearTimeout(this._poll);
    this._loading = true;
    try {
      const page = await api(this._url());
      if (request === this._requests) {
        this._entries = Array.isArray(page?.deliveries) ? page.deliveries : [];
        this._counts = page?.counts ?? {};
        this._more = Boolean(page?.more);
        this._error = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole deliveries: the log could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
        this._schedulePoll();
      }
    }
  }

  /** While deliveries wait, and only the newest page is shown, refresh every few seconds. */
  _schedulePoll() {
    clearTimeout(this._poll);
    this._poll = 0;
    const shownFirstPageOnly = (this._entries?.length ?? 0) <= PAGE_SIZE;
    if (this.isConnected && (this._counts.PENDING ?? 0) > 0 && shownFirstPageOnly) {
      this._poll = setTimeout(() => this._load(), POLL_MILLIS);
    }
  }

  async _loadMore() {
    const last = this._entries?.[this._entries.length - 1];
    if (!last) {
      return;
    }
    const request = ++this._requests;
    clearTimeout(this._poll);
    this._loadingMore = true;
    try {
      const page = await api(this._url(last.id));
      if (request === this._requests) {
        this._entries = [...this._entries, ...(page?.deliveries ?? [])];
        this._counts = page?.counts ?? this._counts;
        this._more = Boolean(page?.more);
      }
    } catch (error) {
      if (request === this._requests) {
        this._notice = { ok: false, text: t('loadFailed', { message: problemText(error) }) };
      }
    } finally {
      if (request === this._requests) {
        this._loadingMore = false;
      }
    }
  }

  _filter(state) {
    if (this._state !== state) {
      this._state = state;
      this._entries = null;
      this._load();
    }
  }

  async _retry(entry) {
    this._retrying = new Set(this._retrying).add(entry.id);
    this._notice = null;
    try {
      await api(`${DELIVERIES_URL}/${encodeURIComponent(entry.id)}/retry`, { method: 'POST' });
      this._notice = { ok: true, text: t('retried', { id: entry.id }) };
    } catch (error) {
      this._notice = { ok: false, text: t('retryFailed', { message: problemText(error) }) };
    } finally {
      const retrying = new Set(this._retrying);
      retrying.delete(entry.id);
      this._retrying = retrying;
    }
    await this._load();
  }

  render() {
    const total = STATES.reduce((sum, state) => sum + (Number(this._counts[state]) || 0), 0);
    return html`
      <link rel="stylesheet" href=${new URL('notify.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      <div class="ops-toolbar">
        <div class="ops-segments" role="group" aria-label=${t('state')}>
          <button type="button" aria-pressed=${String(this._state === '')} data-filter=""
              @click=${() => this._filter('')}>${t('all')}<span class="ops-notify-count">${formatNumber(total)}</span></button>
          ${STATES.map((state) => html`
            <button type="button" aria-pressed=${String(this._state === state)} data-filter=${state}
                @click=${() => this._filter(state)}>
              ${t(state)}<span class="ops-notify-count" data-testid="count-${state}">${formatNumber(this._counts[state] ?? 0)}</span>
            </button>`)}
        </div>
        <span class="ops-toolbar__spacer"></span>
        <a class="ops-button" href="#/notify-channels">${t('channels')}</a>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>
          ${this._loading ? t('refreshing') : t('refresh')}</button>
      </div>
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-notify-notice"
            role=${this._notice.ok ? 'status' : 'alert'} data-testid="deliveries-notice">${this._notice.text}</p>` : nothing}
      ${this._error ? html`
        <div class="ops-error" role="alert" data-testid="deliveries-error">
          <strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p>
        </div>` : nothing}
      ${this._entries === null
        ? (this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`)
        : this._renderTable()}`;
  }

  _renderTable() {
    const mayRetry = hasPermission('notify.operate');
    const entries = this._entries;
    return html`
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="deliveries-table" aria-busy=${String(this._loading)}>
          <thead>
            <tr>
              <th class="ops-table__number ops-table__narrow">${t('id')}</th>
              <th>${t('message')}</th>
              <th>${t('channel')}</th>
              <th>${t('state')}</th>
              <th class="ops-table__number">${t('attempts')}</th>
              <th>${t('time')}</th>
              <th>${t('error')}</th>
              ${mayRetry ? html`<th>${t('actions')}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${entries.length === 0
              ? html`<tr><td class="ops-empty" colspan=${mayRetry ? 8 : 7}>
                  ${this._state ? t('emptyState', { state: t(this._state) }) : t('empty')}</td></tr>`
              : entries.map((entry) => this._renderEntry(entry, mayRetry))}
          </tbody>
        </table>
      </div>
      ${this._more ? html`
        <div class="ops-pager">
          <button type="button" class="ops-button ops-button--small" data-testid="deliveries-more" ?disabled=${this._loadingMore}
              @click=${() => this._loadMore()}>${this._loadingMore ? t('loadingMore') : t('more')}</button>
        </div>` : nothing}`;
  }

  _renderEntry(entry, mayRetry) {
    const message = entry.message ?? {};
    const channel = entry.channel ?? {};
    const severity = SEVERITIES.includes(message.severity) ? message.severity : 'INFO';
    const failed = entry.state === 'FAILED';
    const retrying = this._retrying.has(entry.id);
    return html`
      <tr data-delivery=${entry.id} data-state=${entry.state} class=${failed ? 'ops-notify-row--failed' : ''}>
        <td class="ops-table__number">${entry.id}</td>
        <td class="ops-notify-message">
          <span class="ops-notify-severity ops-notify-severity--${severity.toLowerCase()}">${t(`severity${severity}`)}</span>
          ${message.test ? html`<span class="ops-badge ops-badge--muted">${t('test')}</span>` : nothing}
          <strong>${message.title}</strong>
          <span class="ops-table__secondary">${t('source', { source: message.source })}</span>
        </td>
        <td class="ops-notify-name">
          ${channel.name ?? html`<span class="ops-mono">${channel.id}</span>`}
          <span class="ops-table__secondary ops-table__mono">${channel.id}</span>
          ${channel.exists ? nothing : html`<span class="ops-badge ops-badge--muted">${t('removed')}</span>`}
        </td>
        <td><span class="ops-badge ops-badge--${STATE_BADGES[entry.state] ?? 'muted'}" data-testid="delivery-state">
          ${STATES.includes(entry.state) ? t(entry.state) : entry.state}</span></td>
        <td class="ops-table__number ops-nowrap">${entry.attempts} / ${entry.maxAttempts}</td>
        <td class="ops-nowrap">
          ${t('createdAt', { time: formatDateTime(message.createdAt) })}
          ${entry.deliveredAt ? html`<span class="ops-table__secondary">${t('sentAt', { time: formatDateTime(entry.deliveredAt) })}</span>`
            : nothing}
          ${entry.state === 'PENDING' && entry.nextAttemptAt ? html`
            <span class="ops-table__secondary">${t('nextAt', { time: formatDateTime(entry.nextAttemptAt) })}</span>` : nothing}
          ${!entry.deliveredAt && entry.lastAttemptAt ? html`
            <span class="ops-table__secondary">${t('lastAttempt', { time: formatDateTime(entry.lastAttemptAt) })}</span>` : nothing}
        </td>
        <td>
          ${entry.lastError ? html`<span class=${failed ? 'ops-notify-error-text' : 'ops-notify-muted-text'}
              title=${entry.lastError} data-testid="delivery-error">${bilingual(entry.lastError)}</span>`
            : html`<span class="ops-muted">—</span>`}
        </td>
        ${mayRetry ? html`
          <td>
            ${failed && channel.exists ? html`
              <button type="button" class="ops-button ops-button--small" data-testid="retry-delivery" ?disabled=${retrying}
                  @click=${() => this._retry(entry)}>${retrying ? t('retrying') : t('retryNow')}</button>` : nothing}
          </td>` : nothing}
      </tr>`;
  }
}

if (!customElements.get('ops-notify-deliveries-page')) {
  customElements.define('ops-notify-deliveries-page', OpsNotifyDeliveriesPage);
}
