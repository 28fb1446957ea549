/**
 * `<ops-shell>`: the console's frame. A header (product, language switch, live-update indicator),
 * the navigation built from the registered console pages, and the content area that shows the page
 * named by the location hash (`#/<page id>`), loaded as an ES module on first use.
 *
 * The navigation follows the server live: `/api/console/events` sends it again (`event: pages`)
 * whenever a module's pages come or go. A page that goes away while shown is replaced by a notice,
 * and opened again when it comes back.
 *
 * Renders into light DOM, so that the page elements inherit the console's CSS custom properties and
 * can use the shared `.ops-*` classes of shell.css.
 */
import { LitElement, html, nothing } from 'lit';
import { api, lang, localized, messages, setLang } from 'opsconsole';
import { icon } from './icons.js';

const t = messages({
  'zh-CN': {
    product: '运维管理控制台',
    subtitle: '湛江市财政局 · 非税收入管理一体化平台',
    navigation: '主导航',
    menu: '菜单',
    language: '界面语言',
    home: '首页',
    otherGroup: '其他',
    live: '实时连接',
    liveHint: '页面和导航会随服务器的变化自动更新',
    connecting: '正在连接',
    reconnecting: '正在重新连接',
    reconnectingHint: '与服务器的实时连接已中断，正在自动重试',
    loading: '正在加载…',
    navLoading: '正在加载导航…',
    navError: '无法加载导航：{message}',
    noPages: '当前没有可用的页面。',
    welcome: '欢迎使用运维管理控制台',
    intro: '本控制台汇集非税收入管理一体化平台的运行监控、运维服务与系统管理功能。请从左侧导航或下方列表进入各功能页面。',
    pageCount: '当前共有 {n} 个可用页面',
    notFoundTitle: '未找到页面',
    notFoundText: '没有标识为“{id}”的页面。请检查地址，或从导航中选择页面。',
    goneTitle: '该页面已不可用（模块已停止或卸载）',
    goneText: '提供“{title}”的模块当前未运行。模块恢复后，此页面会自动重新打开。',
    failedTitle: '页面加载失败',
    failedText: '无法加载页面“{title}”的脚本 {module}。',
    notDefined: '脚本 {module} 未定义元素 <{element}>',
    backHome: '返回首页',
    version: '版本 {version}',
  },
  en: {
    product: 'Operations Console',
    subtitle: 'Zhanjiang Finance Bureau · Non-tax Revenue Platform',
    navigation: 'Main navigation',
    menu: 'Menu',
    language: 'Language',
    home: 'Home',
    otherGroup: 'Other',
    live: 'Live',
    liveHint: 'Pages and navigation follow the server automatically',
    connecting: 'Connecting',
    reconnecting: 'Reconnecting',
    reconnectingHint: 'The live connection to the server was lost; retrying automatically',
    loading: 'Loading…',
    navLoading: 'Loading navigation…',
    navError: 'The navigation could not be loaded: {message}',
    noPages: 'No pages are available right now.',
    welcome: 'Welcome to the Operations Console',
    intro: 'This console brings together monitoring, operations services and system administration for the non-tax revenue platform. Open a page from the navigation or from the list below.',
    pageCount: '{n} pages available',
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no page with the id "{id}". Check the address or pick a page from the navigation.',
    goneTitle: 'This page is no longer available (its module was stopped or removed)',
    goneText: 'The module that provides "{title}" is not running. The page opens again by itself when the module is back.',
    failedTitle: 'The page could not be loaded',
    failedText: 'The script {module} of the page "{title}" could not be loaded.',
    notDefined: 'The script {module} does not define the element <{element}>',
    backHome: 'Back to the home page',
    version: 'Version {version}',
  },
});

/** Each language named in itself, as language switches do. */
const LANGUAGE_NAMES = [['zh-CN', '中文'], ['en', 'English']];

const PAGES_URL = '/api/console/pages';
const EVENTS_URL = '/api/console/events';
const HEALTH_URL = '/api/health';
/** How long to wait before opening the event stream again when the browser gave up on it. */
const RECONNECT_MILLIS = 5000;

/** The page id in the location hash: `#/system` and `#/system/anything` both name `system`. */
function hashPageId() {
  const path = window.location.hash.replace(/^#\/?/, '');
  const id = path.split(/[/?]/, 1)[0];
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/**
 * The navigation as the shell shows it: the groups in the order the server lists them, each with its
 * pages in the order listed; pages of a group the server does not list come last, under "other".
 */
function arrange(navigation) {
  const pages = (Array.isArray(navigation?.pages) ? navigation.pages : []).filter((p) => p && p.id && p.module);
  const groups = (Array.isArray(navigation?.groups) ? navigation.groups : [])
    .map((group) => ({ id: group.id, title: group.title, pages: pages.filter((p) => p.group === group.id) }))
    .filter((group) => group.pages.length > 0);
  const listed = new Set(groups.map((group) => group.id));
  const others = pages.filter((p) => !listed.has(p.group));
  if (others.length > 0) {
    groups.push({ id: '', title: null, pages: others });
  }
  return { groups, pages };
}

class OpsShell extends LitElement {
  static properties = {
    _navigation: { state: true },
    _navigationError: { state: true },
    _view: { state: true },
    _connection: { state: true },
    _version: { state: true },
    _menuOpen: { state: true },
  };

  constructor() {
    super();
    /** The arranged navigation, null until it first arrives. */
    this._navigation = null;
    this._navigationError = null;
    /**
     * What the content area shows: `{kind, id, page, element, error}` where kind is one of home,
     * waiting (for the navigation), opening, page, missing, gone and failed.
     */
    this._view = { kind: 'home' };
    this._connection = 'connecting';
    this._version = document.querySelector('meta[name="opsconsole-version"]')?.content ?? '';
    this._menuOpen = false;
    this._navigationJson = null;
    /** Counts page openings, so that a slow import does not show a page the user has left already. */
    this._openings = 0;
    /** The URL to import a page module from; changes after a failed import, as browsers remember failures. */
    this._moduleUrls = new Map();
    this._events = null;
    this._reconnectTimer = 0;
    this._onHashChange = () => this._route();
    this._onLangChange = () => this._relabel();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = lang();
    window.addEventListener('hashchange', this._onHashChange);
    window.addEventListener('ops-lang-change', this._onLangChange);
    this._loadNavigation();
    this._connect();
    this._loadVersion();
    this._route();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    window.removeEventListener('ops-lang-change', this._onLangChange);
    clearTimeout(this._reconnectTimer);
    this._events?.close();
    this._events = null;
    super.disconnectedCallback();
  }

  async _loadNavigation() {
    try {
      const navigation = await api(PAGES_URL);
      // the event stream may have delivered a newer navigation meanwhile
      if (this._navigation === null) {
        this._setNavigation(navigation);
      }
    } catch (error) {
      if (this._navigation === null) {
        console.error('opsconsole: the navigation could not be loaded', error);
        this._navigationError = error;
      }
    }
  }

  async _loadVersion() {
    try {
      const health = await api(HEALTH_URL);
      if (typeof health?.version === 'string' && health.version) {
        this._version = health.version;
      }
    } catch {
      // the version from the page itself stays
    }
  }

  _connect() {
    const source = new EventSource(EVENTS_URL);
    source.addEventListener('open', () => {
      this._connection = 'live';
    });
    source.addEventListener('error', () => {
      this._connection = 'reconnecting';
      if (source.readyState === EventSource.CLOSED) {
        // the browser retries by itself unless the answer was no event stream at all
        source.close();
        this._reconnectTimer = setTimeout(() => this._connect(), RECONNECT_MILLIS);
      }
    });
    source.addEventListener('pages', (event) => {
      try {
        this._setNavigation(JSON.parse(event.data));
      } catch (error) {
        console.error('opsconsole: the navigation event could not be read', error);
      }
    });
    this._events = source;
  }

  _setNavigation(navigation) {
    const json = JSON.stringify(navigation);
    if (json === this._navigationJson) {
      return;
    }
    this._navigationJson = json;
    this._navigation = arrange(navigation);
    this._navigationError = null;
    this._followNavigation();
  }

  /** Keeps the content area in step with a changed navigation. */
  _followNavigation() {
    const view = this._view;
    if (view.kind === 'home') {
      return;
    }
    const page = this._page(view.id);
    if (view.kind === 'waiting' || view.kind === 'missing' || view.kind === 'gone' || view.kind === 'failed') {
      if (page || view.kind === 'waiting') {
        this._open(view.id);
      }
    } else if (!page) {
      this._openings++;
      this._view = { kind: 'gone', id: view.id, page: view.page };
    } else if (page.module !== view.page.module || page.element !== view.page.element) {
      this._open(view.id);
    }
  }

  _page(id) {
    return this._navigation?.pages.find((page) => page.id === id);
  }

  _route() {
    const id = hashPageId();
    const view = this._view;
    // a change behind the page id (#/id/...) is the page's own business
    if (id && id === view.id && (view.kind === 'page' || view.kind === 'opening')) {
      return;
    }
    this._menuOpen = false;
    this._open(id);
  }

  async _open(id) {
    const opening = ++this._openings;
    if (!id) {
      this._view = { kind: 'home' };
      return;
    }
    if (this._navigation === null) {
      this._view = { kind: 'waiting', id };
      return;
    }
    const page = this._page(id);
    if (!page) {
      this._view = { kind: 'missing', id };
      return;
    }
    this._view = { kind: 'opening', id, page };
    let element;
    try {
      await this._import(page.module);
      if (!customElements.get(page.element)) {
        throw new Error(t('notDefined', { module: page.module, element: page.element }));
      }
      element = document.createElement(page.element);
    } catch (error) {
      if (opening === this._openings) {
        console.error(`opsconsole: page '${id}' could not be opened from ${page.module}`, error);
        this._view = { kind: 'failed', id, page, error };
      }
      return;
    }
    if (opening === this._openings) {
      this._view = { kind: 'page', id, page, element };
    }
  }

  async _import(module) {
    const url = this._moduleUrls.get(module) ?? module;
    try {
      await import(url);
    } catch (error) {
      this._moduleUrls.set(module, `${module}${module.includes('?') ? '&' : '?'}retry=${Date.now()}`);
      throw error;
    }
  }

  /** After a language switch: the shell renders again, the page is created anew in the new language. */
  _relabel() {
    const view = this._view;
    if (view.kind === 'page') {
      this._view = { ...view, element: document.createElement(view.page.element) };
    } else {
      this.requestUpdate();
    }
  }

  updated() {
    const page = this._view.page;
    document.title = page ? `${localized(page.title)} · ${t('product')}` : `${t('product')} · opsconsole`;
  }

  render() {
    return html`
      ${this._renderHeader()}
      <div class="ops-shell__body">
        ${this._renderNavigation()}
        <main class="ops-shell__content" id="ops-content">${this._renderView()}</main>
      </div>`;
  }

  _renderHeader() {
    const current = lang();
    return html`
      <header class="ops-shell__header">
        <button type="button" class="ops-shell__menu" aria-controls="ops-nav" aria-expanded=${this._menuOpen}
            @click=${() => { this._menuOpen = !this._menuOpen; }}>
          ${icon(this._menuOpen ? 'x' : 'menu')}<span class="ops-visually-hidden">${t('menu')}</span>
        </button>
        <a class="ops-shell__brand" href="#/">
          <img class="ops-shell__logo" src="/console/img/logo.svg" alt="" width="32" height="32">
          <span class="ops-shell__brand-text">
            <span class="ops-shell__product">${t('product')}</span>
            <span class="ops-shell__subtitle">${t('subtitle')}</span>
          </span>
        </a>
        <div class="ops-shell__tools">
          ${this._renderConnection()}
          <div class="ops-shell__langs" role="group" aria-label=${t('language')}>
            ${LANGUAGE_NAMES.map(([code, name]) => html`
              <button type="button" class="ops-shell__lang" lang=${code} data-lang=${code} aria-pressed=${code === current}
                  @click=${() => setLang(code)}>${name}</button>`)}
          </div>
        </div>
      </header>`;
  }

  _renderConnection() {
    const state = this._connection;
    const hint = state === 'live' ? t('liveHint') : state === 'reconnecting' ? t('reconnectingHint') : '';
    return html`
      <span class="ops-shell__connection ops-shell__connection--${state}" role="status" title=${hint || nothing}
          data-connection=${state}>
        <span class="ops-shell__connection-dot" aria-hidden="true"></span>${t(state)}
      </span>`;
  }

  _renderNavigation() {
    const navigation = this._navigation;
    const shownId = this._view.kind === 'home' ? '' : this._view.id;
    return html`
      <nav id="ops-nav" class="ops-shell__nav ${this._menuOpen ? 'ops-shell__nav--open' : ''}"
          aria-label=${t('navigation')}>
        <a class="ops-shell__nav-link" href="#/" data-home aria-current=${shownId === '' ? 'page' : nothing}>
          ${icon('home')}<span>${t('home')}</span>
        </a>
        ${navigation === null
          ? html`<p class="ops-shell__nav-note">
              ${this._navigationError ? t('navError', { message: this._navigationError.message }) : t('navLoading')}
            </p>`
          : navigation.groups.map((group) => html`
            <section class="ops-shell__nav-group">
              <h2 class="ops-shell__nav-title">${group.title ? localized(group.title) : t('otherGroup')}</h2>
              <ul class="ops-shell__nav-list">
                ${group.pages.map((page) => html`
                  <li>
                    <a class="ops-shell__nav-link" href="#/${page.id}" data-page=${page.id}
                        aria-current=${page.id === shownId ? 'page' : nothing}>
                      ${icon(page.icon)}<span>${localized(page.title)}</span>
                    </a>
                  </li>`)}
              </ul>
            </section>`)}
        <footer class="ops-shell__version" data-version=${this._version}>
          <span>opsconsole</span>
          ${this._version ? html`<span>${t('version', { version: this._version })}</span>` : nothing}
        </footer>
      </nav>`;
  }

  _renderView() {
    const view = this._view;
    switch (view.kind) {
      case 'home':
        return this._renderHome();
      case 'page':
        return view.element;
      case 'waiting':
      case 'opening':
        return html`<div class="ops-shell__loading" role="status">${t('loading')}</div>`;
      case 'missing':
        return this._renderNotice('missing', t('notFoundTitle'), t('notFoundText', { id: view.id }));
      case 'gone':
        return this._renderNotice('gone', t('goneTitle'),
          t('goneText', { title: view.page ? localized(view.page.title) : view.id }));
      case 'failed':
        return html`
          <section class="ops-error ops-shell__notice" data-view="failed" role="alert">
            <h1 class="ops-page-title">${t('failedTitle')}</h1>
            <p>${t('failedText', { title: localized(view.page.title), module: view.page.module })}</p>
            <pre class="ops-shell__error-message">${String(view.error?.message ?? view.error)}</pre>
            <p><a href="#/">${t('backHome')}</a></p>
          </section>`;
      default:
        return nothing;
    }
  }

  _renderNotice(kind, title, text) {
    return html`
      <section class="ops-card ops-empty ops-shell__notice" data-view=${kind}>
        ${icon(kind === 'gone' ? 'puzzle' : 'alert-triangle')}
        <h1 class="ops-page-title">${title}</h1>
        <p>${text}</p>
        <p><a href="#/">${t('backHome')}</a></p>
      </section>`;
  }

  _renderHome() {
    const navigation = this._navigation;
    return html`
      <section class="ops-shell__home" data-view="home">
        <h1 class="ops-page-title">${t('welcome')}</h1>
        <p class="ops-shell__intro">${t('intro')}</p>
        ${navigation === null
          ? html`<p class="ops-shell__loading" role="status">
              ${this._navigationError ? t('navError', { message: this._navigationError.message }) : t('loading')}
            </p>`
          : this._renderPageCards(navigation)}
      </section>`;
  }

  _renderPageCards(navigation) {
    if (navigation.pages.length === 0) {
      return html`<p class="ops-empty">${t('noPages')}</p>`;
    }
    return html`
      <p class="ops-shell__count" data-page-count=${navigation.pages.length}>
        ${t('pageCount', { n: navigation.pages.length })}
      </p>
      <ul class="ops-shell__cards">
        ${navigation.groups.flatMap((group) => group.pages.map((page) => html`
          <li>
            <a class="ops-card ops-shell__card" href="#/${page.id}">
              <span class="ops-shell__card-icon">${icon(page.icon)}</span>
              <span class="ops-shell__card-text">
                <span class="ops-shell__card-title">${localized(page.title)}</span>
                <span class="ops-shell__card-group">${group.title ? localized(group.title) : t('otherGroup')}</span>
              </span>
            </a>
          </li>`))}
      </ul>`;
  }
}

customElements.define('ops-shell', OpsShell);
