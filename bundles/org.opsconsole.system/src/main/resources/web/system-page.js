/**
 * `<ops-system-page>`: the System page (系统). The OSGi framework the console runs in, the installed
 * features, and every bundle (组件包) with its state, filterable and paged, from
 * `GET /api/system/bundles`.
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, api, formatDateTime, formatDuration, formatNumber, inLanguage, messages } from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '系统',
    intro: '运行平台、已安装的特性及全部组件包的状态。',
    loading: '正在加载系统信息…',
    loadFailed: '无法加载系统信息',
    retry: '重试',
    refresh: '刷新',
    refreshing: '正在刷新…',
    framework: '运行框架',
    startLevel: '启动级别 {level}',
    java: 'Java 运行环境',
    os: '操作系统',
    uptime: '已运行',
    startedAt: '启动于 {time}',
    dataFolder: '数据目录',
    home: '安装目录 {home}',
    bundles: '组件包',
    fragments: '其中 {n} 个为片段',
    active: '运行中',
    activeOf: '{active} / {total}',
    allActive: '全部组件包运行正常',
    notActive: '{n} 个组件包未运行',
    features: '已安装的特性',
    noFeatures: '没有记录已安装的特性。',
    featureName: '名称',
    featureTitle: '说明',
    featureBundles: '组件包数',
    bundleTable: '组件包列表',
    filterText: '筛选',
    filterPlaceholder: '名称、符号名或特性',
    filterState: '状态',
    stateAll: '全部状态',
    stateActive: '运行中',
    stateInactive: '未运行（不含片段）',
    filterFeature: '特性',
    featureAll: '全部特性',
    shown: '显示 {shown} / {total} 个组件包',
    noMatch: '没有符合筛选条件的组件包。',
    id: 'ID',
    symbolicName: '符号名 / 名称',
    version: '版本',
    state: '状态',
    bundleFeatures: '所属特性',
    pageOf: '第 {page} / {pages} 页',
    previous: '上一页',
    next: '下一页',
    ACTIVE: '运行中',
    RESOLVED: '已解析',
    INSTALLED: '已安装（未解析）',
    STARTING: '启动中',
    STOPPING: '停止中',
    UNINSTALLED: '已卸载',
    fragment: '片段',
  },
  en: {
    title: 'System',
    intro: 'The runtime platform, the installed features and the state of every bundle.',
    loading: 'Loading system information…',
    loadFailed: 'The system information could not be loaded',
    retry: 'Retry',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    framework: 'Framework',
    startLevel: 'Start level {level}',
    java: 'Java runtime',
    os: 'Operating system',
    uptime: 'Uptime',
    startedAt: 'Started {time}',
    dataFolder: 'Data folder',
    home: 'Installed in {home}',
    bundles: 'Bundles',
    fragments: { one: '{n} of them a fragment', other: '{n} of them fragments' },
    active: 'Active',
    activeOf: '{active} / {total}',
    allActive: 'All bundles are running',
    notActive: { one: '{n} bundle is not active', other: '{n} bundles are not active' },
    features: 'Installed features',
    noFeatures: 'No installed features are recorded.',
    featureName: 'Name',
    featureTitle: 'Description',
    featureBundles: 'Bundles',
    bundleTable: 'Bundles',
    filterText: 'Filter',
    filterPlaceholder: 'Name, symbolic name or feature',
    filterState: 'State',
    stateAll: 'All states',
    stateActive: 'Active',
    stateInactive: 'Not active (except fragments)',
    filterFeature: 'Feature',
    featureAll: 'All features',
    shown: 'Showing {shown} / {total} bundles',
    noMatch: 'No bundle matches the filter.',
    id: 'ID',
    symbolicName: 'Symbolic name / name',
    version: 'Version',
    state: 'State',
    bundleFeatures: 'Features',
    pageOf: 'Page {page} / {pages}',
    previous: 'Previous',
    next: 'Next',
    ACTIVE: 'Active',
    RESOLVED: 'Resolved',
    INSTALLED: 'Installed (unresolved)',
    STARTING: 'Starting',
    STOPPING: 'Stopping',
    UNINSTALLED: 'Uninstalled',
    fragment: 'fragment',
  },
});

const BUNDLES_URL = '/api/system/bundles';
const PAGE_SIZE = 25;

/** A bundle that should run but does not: fragments never become active, so they are left out. */
function isNotActive(bundle) {
  return !bundle.fragment && bundle.state !== 'ACTIVE';
}

/** The badge modifier and label for a bundle's state. */
function stateBadge(bundle) {
  switch (bundle.state) {
    case 'ACTIVE':
      return ['ok', t('ACTIVE')];
    case 'RESOLVED':
      return bundle.fragment ? ['muted', t('fragment')] : ['warn', t('RESOLVED')];
    case 'STARTING':
    case 'STOPPING':
      return ['warn', t(bundle.state)];
    case 'INSTALLED':
      return ['error', t('INSTALLED')];
    case 'UNINSTALLED':
      return ['muted', t('UNINSTALLED')];
    default:
      return ['muted', String(bundle.state ?? '?')];
  }
}

function matchesText(bundle, text) {
  if (!text) {
    return true;
  }
  const needle = text.toLowerCase();
  return [bundle.symbolicName, bundle.name, ...(bundle.features ?? [])]
    .some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
}

function matchesState(bundle, state) {
  switch (state) {
    case 'active':
      return bundle.state === 'ACTIVE';
    case 'inactive':
      return isNotActive(bundle);
    default:
      return true;
  }
}

class OpsSystemPage extends LitElement {
  static properties = {
    _data: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _text: { state: true },
    _state: { state: true },
    _feature: { state: true },
    _page: { state: true },
  };

  constructor() {
    super();
    this._data = null;
    this._error = null;
    this._loading = false;
    this._text = '';
    this._state = 'all';
    this._feature = '';
    this._page = 0;
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
    this._loading = true;
    try {
      this._data = await api(BUNDLES_URL);
      this._error = null;
    } catch (error) {
      console.error('opsconsole system page: the bundles could not be loaded', error);
      this._error = error;
    } finally {
      this._loading = false;
    }
  }

  _bundles() {
    return Array.isArray(this._data?.bundles) ? this._data.bundles : [];
  }

  _features() {
    return Array.isArray(this._data?.features) ? this._data.features : [];
  }

  _filtered() {
    return this._bundles().filter((bundle) => matchesText(bundle, this._text.trim())
      && matchesState(bundle, this._state)
      && (!this._feature || (bundle.features ?? []).includes(this._feature)));
  }

  render() {
    return html`
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._error ? this._renderError() : nothing}
      ${this._data
        ? html`${this._renderFramework()}${this._renderFeatures()}${this._renderBundles()}`
        : this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`}`;
  }

  _renderError() {
    const error = this._error;
    const problem = error instanceof ApiError ? error : null;
    const title = problem?.title || t('loadFailed');
    const detail = problem?.detail || error?.message;
    return html`
      <div class="ops-error" role="alert" data-testid="system-error">
        <strong>${title}</strong>
        ${problem?.title && problem.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        ${detail && detail !== title ? html`<p>${detail}</p>` : nothing}
        ${problem?.errors.length ? html`<ul>${problem.errors.map((item) =>
          html`<li>${typeof item === 'string' ? item : item?.detail ?? item?.message ?? JSON.stringify(item)}</li>`)}</ul>`
          : nothing}
        <p>
          <button type="button" class="ops-button ops-button--small" ?disabled=${this._loading}
              @click=${() => this._load()}>${t('retry')}</button>
        </p>
      </div>`;
  }

  _renderFramework() {
    const framework = this._data.framework ?? {};
    const bundles = this._bundles();
    const active = bundles.filter((bundle) => bundle.state === 'ACTIVE').length;
    const fragments = bundles.filter((bundle) => bundle.fragment).length;
    const notActive = bundles.filter(isNotActive).length;
    return html`
      <div class="ops-grid" data-testid="framework-summary">
        ${this._stat(t('framework'), `${framework.name ?? '—'} ${framework.version ?? ''}`,
          framework.startLevel != null ? t('startLevel', { level: framework.startLevel }) : '')}
        ${this._stat(t('java'), framework.java ?? '—')}
        ${this._stat(t('os'), framework.os ?? '—')}
        ${this._stat(t('uptime'), formatDuration(framework.uptimeSeconds),
          framework.startedAt ? t('startedAt', { time: formatDateTime(framework.startedAt) }) : '')}
        ${this._stat(t('dataFolder'), framework.data ?? '—', framework.home ? t('home', { home: framework.home }) : '')}
        ${this._stat(t('bundles'), formatNumber(bundles.length),
          fragments ? t('fragments', { n: formatNumber(fragments) }) : '', { figure: true })}
        ${this._stat(t('active'), t('activeOf', { active: formatNumber(active), total: formatNumber(bundles.length) }),
          notActive ? t('notActive', { n: formatNumber(notActive) }) : t('allActive'),
          { figure: true, error: notActive > 0, testid: 'active-count' })}
      </div>`;
  }

  _stat(label, value, note = '', { figure = false, error = false, testid } = {}) {
    return html`
      <div class="ops-card ops-stat ${error ? 'ops-card--error' : ''}" data-testid=${testid ?? nothing}>
        <span class="ops-stat__label">${label}</span>
        <span class="ops-stat__value ${figure ? 'ops-stat__value--figure' : ''}">${value}</span>
        ${note ? html`<span class="ops-stat__note">${note}</span>` : nothing}
      </div>`;
  }

  _renderFeatures() {
    const features = this._features();
    return html`
      <h2 class="ops-section-title">${t('features')}</h2>
      ${features.length === 0
        ? html`<p class="ops-card ops-empty">${t('noFeatures')}</p>`
        : html`
          <table class="ops-table" data-testid="feature-table">
            <thead>
              <tr><th>${t('featureName')}</th><th>${t('featureTitle')}</th>
                <th class="ops-table__number">${t('featureBundles')}</th></tr>
            </thead>
            <tbody>
              ${features.map((feature) => html`
                <tr data-feature=${feature.name}>
                  <td><span class="ops-table__mono">${feature.name}</span>
                    <span class="ops-table__secondary">${feature.id}</span></td>
                  <td>${inLanguage(feature, 'title') || '—'}</td>
                  <td class="ops-table__number">${formatNumber((feature.bundles ?? []).length)}</td>
                </tr>`)}
            </tbody>
          </table>`}`;
  }

  _renderBundles() {
    const all = this._bundles();
    const filtered = this._filtered();
    const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    const page = Math.min(this._page, pages - 1);
    const rows = filtered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    return html`
      <h2 class="ops-section-title">${t('bundleTable')}</h2>
      ${this._renderToolbar(filtered.length, all.length)}
      <table class="ops-table" data-testid="bundle-table">
        <thead>
          <tr>
            <th class="ops-table__number ops-table__narrow">${t('id')}</th>
            <th>${t('symbolicName')}</th>
            <th>${t('version')}</th>
            <th>${t('state')}</th>
            <th>${t('bundleFeatures')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.length === 0
            ? html`<tr><td class="ops-empty" colspan="5">${t('noMatch')}</td></tr>`
            : rows.map((bundle) => this._renderBundle(bundle))}
        </tbody>
      </table>
      ${pages > 1 ? html`
        <div class="ops-pager">
          <button type="button" class="ops-button ops-button--small" ?disabled=${page === 0}
              @click=${() => { this._page = page - 1; }}>${t('previous')}</button>
          <span>${t('pageOf', { page: page + 1, pages })}</span>
          <button type="button" class="ops-button ops-button--small" ?disabled=${page >= pages - 1}
              @click=${() => { this._page = page + 1; }}>${t('next')}</button>
        </div>` : nothing}`;
  }

  _renderToolbar(shown, total) {
    const names = new Set(this._features().map((feature) => feature.name));
    this._bundles().forEach((bundle) => (bundle.features ?? []).forEach((name) => names.add(name)));
    return html`
      <div class="ops-toolbar">
        <label>
          <span class="ops-visually-hidden">${t('filterText')}</span>
          <input class="ops-input" type="search" .value=${this._text} placeholder=${t('filterPlaceholder')}
              data-testid="bundle-filter" @input=${(event) => { this._text = event.target.value; this._page = 0; }}>
        </label>
        <label>
          <span class="ops-visually-hidden">${t('filterState')}</span>
          <select class="ops-input" data-testid="state-filter"
              @change=${(event) => { this._state = event.target.value; this._page = 0; }}>
            ${[['all', t('stateAll')], ['active', t('stateActive')], ['inactive', t('stateInactive')]]
              .map(([value, label]) => html`<option value=${value} ?selected=${value === this._state}>${label}</option>`)}
          </select>
        </label>
        <label>
          <span class="ops-visually-hidden">${t('filterFeature')}</span>
          <select class="ops-input" data-testid="feature-filter"
              @change=${(event) => { this._feature = event.target.value; this._page = 0; }}>
            <option value="" ?selected=${this._feature === ''}>${t('featureAll')}</option>
            ${[...names].sort().map((name) => html`<option value=${name} ?selected=${name === this._feature}>${name}</option>`)}
          </select>
        </label>
        <span class="ops-muted" data-testid="bundle-count" role="status">
          ${t('shown', { shown: formatNumber(shown), total: formatNumber(total) })}
        </span>
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>
          ${this._loading ? t('refreshing') : t('refresh')}
        </button>
      </div>`;
  }

  _renderBundle(bundle) {
    const [modifier, label] = stateBadge(bundle);
    const features = bundle.features ?? [];
    return html`
      <tr data-bundle=${bundle.symbolicName}>
        <td class="ops-table__number">${bundle.id}</td>
        <td>
          <span class="ops-table__mono">${bundle.symbolicName}</span>
          ${bundle.name && bundle.name !== bundle.symbolicName
            ? html`<span class="ops-table__secondary">${bundle.name}</span>` : nothing}
        </td>
        <td class="ops-table__mono">${bundle.version}</td>
        <td><span class="ops-badge ops-badge--${modifier}" title=${bundle.state}>${label}</span></td>
        <td>${features.length ? features.join(', ') : html`<span class="ops-muted">—</span>`}</td>
      </tr>`;
  }
}

if (!customElements.get('ops-system-page')) {
  customElements.define('ops-system-page', OpsSystemPage);
}
