/**
 * `<ops-audit-page>`: the audit trail (审计日志). Every recorded operator action, newest first, filtered by time,
 * user, action and outcome and paged, from `GET /api/audit/events`; the same records as a CSV file from
 * `GET /api/audit/events.csv`; and the check of the hash chain, `POST /api/audit/verify`, whose result names the
 * first broken record (or the head's seal or key at fault), or notes that a trail written before sealing is not yet
 * sealed. Nothing here changes a record: there is no way to.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, api, formatDateTime, formatNumber, lang, messages } from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '审计日志',
    intro: '控制台记录的全部操作：登录、退出、登录失败及每一次变更。记录只增不改，逐条以哈希相连，任何修改、删除或调换都能被校验发现。',
    filters: '筛选条件',
    from: '开始日期',
    to: '结束日期',
    user: '用户',
    userPlaceholder: '用户名，末尾加 * 按前缀',
    action: '操作',
    actionPlaceholder: '如 login 或 security.*',
    outcome: '结果',
    outcomeAll: '全部结果',
    SUCCESS: '成功',
    FAILURE: '失败',
    DENIED: '拒绝',
    search: '查询',
    reset: '重置',
    exportCsv: '导出 CSV',
    exportHint: '按当前筛选条件导出全部匹配记录',
    verify: '校验完整性',
    verifying: '正在校验…',
    verifyOk: '审计日志完整：已校验 {n} 条记录，未发现修改、删除或顺序调换。',
    verifyBroken: '审计日志已被破坏：{reason}',
    verifyBrokenChecked: '在此之前有 {n} 条记录校验通过。',
    verifiedAt: '校验时间 {time}',
    verifyFailed: '无法完成校验',
    loading: '正在加载审计记录…',
    loadFailed: '无法加载审计记录',
    retry: '重试',
    empty: '没有符合筛选条件的审计记录。',
    emptyAll: '尚无审计记录。',
    rangeError: '结束日期不能早于开始日期。',
    table: '审计记录',
    id: '编号',
    time: '时间',
    source: '来源',
    target: '对象',
    detail: '详情',
    total: '共 {n} 条记录',
    pageOf: '第 {page} / {pages} 页',
    previous: '上一页',
    next: '下一页',
  },
  en: {
    title: 'Audit trail',
    intro: 'Every action recorded by the console: sign-ins, sign-outs, failed sign-ins and every change. Records are only ever added and each is chained to the one before by its hash, so any change, removal or reordering is found by verifying.',
    filters: 'Filters',
    from: 'From',
    to: 'To',
    user: 'User',
    userPlaceholder: 'User name; end with * for a prefix',
    action: 'Action',
    actionPlaceholder: 'e.g. login or security.*',
    outcome: 'Outcome',
    outcomeAll: 'All outcomes',
    SUCCESS: 'Success',
    FAILURE: 'Failure',
    DENIED: 'Denied',
    search: 'Search',
    reset: 'Reset',
    exportCsv: 'Export CSV',
    exportHint: 'All records matching the current filters',
    verify: 'Verify chain',
    verifying: 'Verifying…',
    verifyOk: {
      one: 'The audit trail is intact: {n} record checked, none changed, removed or reordered.',
      other: 'The audit trail is intact: {n} records checked, none changed, removed or reordered.',
    },
    verifyBroken: 'The audit trail is broken: {reason}',
    verifyBrokenChecked: { one: '{n} record before it is intact.', other: '{n} records before it are intact.' },
    verifiedAt: 'Verified {time}',
    verifyFailed: 'The chain could not be verified',
    loading: 'Loading audit records…',
    loadFailed: 'The audit records could not be loaded',
    retry: 'Retry',
    empty: 'No audit record matches the filters.',
    emptyAll: 'No audit records yet.',
    rangeError: 'The end date must not be before the start date.',
    table: 'Audit records',
    id: 'No.',
    time: 'Time',
    source: 'Source',
    target: 'Target',
    detail: 'Detail',
    total: { one: '{n} record', other: '{n} records' },
    pageOf: 'Page {page} / {pages}',
    previous: 'Previous',
    next: 'Next',
  },
});

const EVENTS_URL = '/api/audit/events';
const CSV_URL = '/api/audit/events.csv';
const VERIFY_URL = '/api/audit/verify';
const PAGE_SIZE = 50;
const OUTCOMES = ['SUCCESS', 'FAILURE', 'DENIED'];
const NO_FILTERS = Object.freeze({ from: '', to: '', user: '', action: '', outcome: '' });

/** The start of a local calendar day (`YYYY-MM-DD`, as a date input gives it) as an ISO-8601 instant. */
function startOfDay(date, plusDays = 0) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day + plusDays).toISOString();
}

/**
 * The API's query parameters for the filters: the dates become instants of the browser's local midnights, the
 * end date's following midnight so that the whole end day is included.
 */
function queryOf(filters) {
  const params = new URLSearchParams();
  if (filters.from) {
    params.set('from', startOfDay(filters.from));
  }
  if (filters.to) {
    params.set('to', startOfDay(filters.to, 1));
  }
  for (const name of ['user', 'action', 'outcome']) {
    if (filters[name].trim()) {
      params.set(name, filters[name].trim());
    }
  }
  return params;
}

function outcomeBadge(outcome) {
  const modifier = { SUCCESS: 'ok', FAILURE: 'error', DENIED: 'warn' }[outcome] ?? 'muted';
  return html`<span class="ops-badge ops-badge--${modifier}" title=${outcome}>${OUTCOMES.includes(outcome) ? t(outcome) : outcome}</span>`;
}

class OpsAuditPage extends LitElement {
  static properties = {
    _form: { state: true },
    _filters: { state: true },
    _page: { state: true },
    _data: { state: true },
    _loading: { state: true },
    _error: { state: true },
    _formError: { state: true },
    _verifying: { state: true },
    _verifyResult: { state: true },
    _verifyError: { state: true },
  };

  constructor() {
    super();
    this._form = { ...NO_FILTERS };
    this._filters = { ...NO_FILTERS };
    this._page = 0;
    this._data = null;
    this._loading = false;
    this._error = null;
    this._formError = '';
    this._verifying = false;
    this._verifyResult = null;
    this._verifyError = null;
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
    super.disconnectedCallback();
  }

  async _load() {
    const request = ++this._requests;
    const params = queryOf(this._filters);
    params.set('page', String(this._page));
    params.set('size', String(PAGE_SIZE));
    this._loading = true;
    try {
      const data = await api(`${EVENTS_URL}?${params}`);
      if (request === this._requests) {
        this._data = data;
        this._error = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole audit page: the records could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
      }
    }
  }

  _search(event) {
    event.preventDefault();
    const { from, to } = this._form;
    if (from && to && to < from) {
      this._formError = t('rangeError');
      return;
    }
    this._formError = '';
    this._filters = { ...this._form };
    this._page = 0;
    this._load();
  }

  _reset() {
    this._form = { ...NO_FILTERS };
    this._filters = { ...NO_FILTERS };
    this._formError = '';
    this._page = 0;
    this._load();
  }

  _goTo(page) {
    this._page = page;
    this._load();
  }

  async _verify() {
    this._verifying = true;
    this._verifyError = null;
    this._verifyResult = null;
    try {
      this._verifyResult = await api(VERIFY_URL, { method: 'POST' });
    } catch (error) {
      console.error('opsconsole audit page: the chain could not be verified', error);
      this._verifyError = error;
    } finally {
      this._verifying = false;
    }
    // the verification is itself recorded: show it
    this._load();
  }

  _set(name, value) {
    this._form = { ...this._form, [name]: value };
  }

  render() {
    return html`
      <link rel="stylesheet" href=${new URL('audit-page.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._renderVerify()}
      ${this._renderFilters()}
      ${this._error ? this._renderError(this._error, t('loadFailed'), 'audit-error', () => this._load()) : nothing}
      ${this._renderTable()}`;
  }

  _renderVerify() {
    const result = this._verifyResult;
    return html`
      <div class="ops-audit-verify">
        <button type="button" class="ops-button ops-button--primary" data-testid="audit-verify"
            ?disabled=${this._verifying} @click=${() => this._verify()}>
          ${this._verifying ? t('verifying') : t('verify')}
        </button>
        <div role="status" class="ops-audit-verify__status">
          ${result ? html`
            <div class="ops-card ops-audit-verify__result ${result.ok ? 'ops-audit-verify__result--ok' : 'ops-card--error'}"
                data-testid="audit-verify-result" data-ok=${String(result.ok)}
                data-broken-id=${result.brokenId ?? nothing}>
              <strong>${result.ok
                ? t('verifyOk', { n: formatNumber(result.checked) })
                : t('verifyBroken', { reason: (lang() === 'en' ? result.reason : result.reasonZh) ?? result.reason })}</strong>
              ${result.ok && result.reason
                ? html`<span class="ops-audit-verify__note" data-testid="audit-verify-note">
                    ${(lang() === 'en' ? result.reason : result.reasonZh) ?? result.reason}</span>`
                : nothing}
              ${!result.ok && result.checked > 0
                ? html`<span class="ops-audit-verify__note">${t('verifyBrokenChecked', { n: formatNumber(result.checked) })}</span>`
                : nothing}
              ${result.verifiedAt
                ? html`<span class="ops-audit-verify__note">${t('verifiedAt', { time: formatDateTime(result.verifiedAt) })}</span>`
                : nothing}
            </div>` : nothing}
        </div>
        ${this._verifyError
          ? this._renderError(this._verifyError, t('verifyFailed'), 'audit-verify-error', () => this._verify())
          : nothing}
      </div>`;
  }

  _renderFilters() {
    const form = this._form;
    const exportQuery = queryOf(this._filters).toString();
    return html`
      <form class="ops-toolbar" aria-label=${t('filters')} data-testid="audit-filters" novalidate
          @submit=${(event) => this._search(event)}>
        <label class="ops-audit-field">
          <span>${t('from')}</span>
          <input class="ops-input" type="date" name="from" .value=${form.from} max=${form.to || nothing}
              data-testid="audit-from" @change=${(event) => this._set('from', event.target.value)}>
        </label>
        <label class="ops-audit-field">
          <span>${t('to')}</span>
          <input class="ops-input" type="date" name="to" .value=${form.to} min=${form.from || nothing}
              data-testid="audit-to" @change=${(event) => this._set('to', event.target.value)}>
        </label>
        <label class="ops-audit-field">
          <span>${t('user')}</span>
          <input class="ops-input" type="search" name="user" maxlength="101" .value=${form.user}
              placeholder=${t('userPlaceholder')} data-testid="audit-user"
              @input=${(event) => this._set('user', event.target.value)}>
        </label>
        <label class="ops-audit-field">
          <span>${t('action')}</span>
          <input class="ops-input" type="search" name="action" maxlength="201" .value=${form.action}
              placeholder=${t('actionPlaceholder')} data-testid="audit-action"
              @input=${(event) => this._set('action', event.target.value)}>
        </label>
        <label class="ops-audit-field">
          <span>${t('outcome')}</span>
          <select class="ops-input" name="outcome" data-testid="audit-outcome"
              @change=${(event) => this._set('outcome', event.target.value)}>
            <option value="" ?selected=${form.outcome === ''}>${t('outcomeAll')}</option>
            ${OUTCOMES.map((outcome) => html`
              <option value=${outcome} ?selected=${form.outcome === outcome}>${t(outcome)}</option>`)}
          </select>
        </label>
        <button type="submit" class="ops-button ops-button--primary" ?disabled=${this._loading}
            data-testid="audit-search">${t('search')}</button>
        <button type="button" class="ops-button" @click=${() => this._reset()}>${t('reset')}</button>
        <span class="ops-toolbar__spacer"></span>
        <a class="ops-button ops-audit-export" href=${`${CSV_URL}${exportQuery ? `?${exportQuery}` : ''}`} download
            title=${t('exportHint')} data-testid="audit-export">${t('exportCsv')}</a>
      </form>
      ${this._formError
        ? html`<div class="ops-error" role="alert" data-testid="audit-form-error">${this._formError}</div>`
        : nothing}`;
  }

  _renderError(error, fallback, testid, retry) {
    const problem = error instanceof ApiError ? error : null;
    const title = problem?.title || fallback;
    const detail = problem?.detail || error?.message;
    return html`
      <div class="ops-error" role="alert" data-testid=${testid}>
        <strong>${title}</strong>
        ${problem?.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        ${detail && detail !== title ? html`<p>${detail}</p>` : nothing}
        ${problem?.errors.length ? html`<ul>${problem.errors.map((item) => html`
          <li>${item?.field ? html`<code>${item.field}</code>: ` : nothing}${
            (lang() === 'en' ? item?.messageEn : item?.message) ?? item?.message ?? String(item)}</li>`)}</ul>`
          : nothing}
        <p>
          <button type="button" class="ops-button ops-button--small" @click=${retry}>${t('retry')}</button>
        </p>
      </div>`;
  }

  _renderTable() {
    if (!this._data) {
      return this._error ? nothing : html`<p class="ops-empty" role="status" data-testid="audit-loading">${t('loading')}</p>`;
    }
    const events = Array.isArray(this._data.events) ? this._data.events : [];
    const total = Number(this._data.total) || 0;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = this._page;
    const filtered = Object.values(this._filters).some((value) => value.trim() !== '');
    return html`
      <h2 class="ops-section-title">${t('table')}
        <span class="ops-muted" data-testid="audit-total">${t('total', { n: formatNumber(total) })}</span>
        ${this._loading ? html`<span class="ops-muted" role="status">${t('loading')}</span>` : nothing}
      </h2>
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="audit-table" aria-busy=${String(this._loading)}>
          <thead>
            <tr>
              <th class="ops-table__number ops-table__narrow">${t('id')}</th>
              <th>${t('time')}</th>
              <th>${t('user')}</th>
              <th>${t('source')}</th>
              <th>${t('action')}</th>
              <th>${t('target')}</th>
              <th>${t('outcome')}</th>
              <th>${t('detail')}</th>
            </tr>
          </thead>
          <tbody>
            ${events.length === 0
              ? html`<tr><td class="ops-empty" colspan="8" data-testid="audit-empty">
                  ${filtered ? t('empty') : t('emptyAll')}</td></tr>`
              : events.map((event) => html`
                <tr data-event-id=${event.id}>
                  <td class="ops-table__number">${event.id}</td>
                  <td class="ops-audit-time">${formatDateTime(event.occurredAt)}</td>
                  <td>${event.actor}</td>
                  <td class="ops-table__mono">${event.source || '—'}</td>
                  <td class="ops-table__mono">${event.action}</td>
                  <td>${event.target || html`<span class="ops-muted">—</span>`}</td>
                  <td>${outcomeBadge(event.outcome)}</td>
                  <td class="ops-audit-detail">${event.detail || html`<span class="ops-muted">—</span>`}</td>
                </tr>`)}
          </tbody>
        </table>
      </div>
      ${pages > 1 ? html`
        <div class="ops-pager" data-testid="audit-pager">
          <button type="button" class="ops-button ops-button--small" ?disabled=${page === 0 || this._loading}
              @click=${() => this._goTo(page - 1)}>${t('previous')}</button>
          <span>${t('pageOf', { page: formatNumber(page + 1), pages: formatNumber(pages) })}</span>
          <button type="button" class="ops-button ops-button--small" ?disabled=${page >= pages - 1 || this._loading}
              @click=${() => this._goTo(page + 1)}>${t('next')}</button>
        </div>` : nothing}`;
  }
}

if (!customElements.get('ops-audit-page')) {
  customElements.define('ops-audit-page', OpsAuditPage);
}
