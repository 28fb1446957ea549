/**
 * `<ops-shell>`: the console's frame. A header (product, live-update indicator, the signed-in user,
 * language switch, sign-out), the navigation built from the console pages the user may open, and the
 * content area that shows the page named by the location hash (`#/<page id>`), loaded as an ES module
 * on first use.
 *
 * Nothing of that shows before signing in: the shell asks `/api/security/session` first and shows the
 * sign-in screen when nobody is signed in, then the screen to change a one-time password when one must
 * be changed. Only then does it load the navigation and open the event stream. A 401 from any API call
 * (`ops-session-expired`) brings the sign-in screen back; the location hash stays, so signing in again
 * returns to the same page.
 *
 * The navigation follows the server live: `/api/console/events` sends it again (`event: pages`)
 * whenever a module's pages come or go. A page that goes away while shown is replaced by a notice,
 * and opened again when it comes back. The same stream carries the modules' live events, which pages
 * receive through `onConsoleEvent` of the `opsconsole` module.
 *
 * While the navigation has the inbox page (`#/inbox`, from the notifications module), the header shows a
 * bell with the user's unread count (`/api/notify/inbox/count`, kept current by the `inbox` live event);
 * it opens a panel with the latest five messages and a way to the inbox.
 *
 * Renders into light DOM, so that the page elements inherit the console's CSS custom properties and
 * can use the shared `.ops-*` classes of shell.css.
 */
import { LitElement, html, nothing } from 'lit';
import {
  ApiError, api, attachEventSource, bilingual, fieldErrors, formatDateTime, lang, localized, messages, onConsoleEvent,
  problemText, setLang, setSession,
} from 'opsconsole';
import { icon } from './icons.js';
import './password-form.js';

const t = messages({
  'zh-CN': {
    product: '运维管理控制台',
    developmentMode: '开发模式：模块管理会安装未经签名校验的代码，切勿用于生产环境。',
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
    checking: '正在检查登录状态…',
    signInTitle: '登录',
    signInIntro: '请使用运维管理控制台账号登录。',
    userName: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    wrongCredentials: '用户名或密码错误。',
    locked: '连续登录失败次数过多，账号已被锁定，请于 {time} 之后再试。',
    lockedNoTime: '连续登录失败次数过多，账号已被锁定，请稍后再试。',
    invalidFields: '请检查填写的内容。',
    signInFailed: '无法登录：{message}',
    sessionFailed: '无法确认登录状态：{message}',
    expired: '会话已过期，请重新登录',
    signedOut: '您已退出登录。',
    logoutFailed: '退出时无法连接服务器，服务器上的会话可能仍然有效。',
    changeTitle: '修改一次性密码',
    changeIntro: '{name}，您正在使用管理员发放的一次性密码。请先设置自己的新密码，然后才能使用控制台。',
    signOut: '退出',
    signedInAs: '当前用户',
    separator: '、',
    bell: '通知',
    bellUnread: '通知（{n} 条未读）',
    bellLatest: '最新通知',
    bellLoading: '正在加载通知…',
    bellFailed: '无法加载通知：{message}',
    bellEmpty: '暂无通知',
    bellViewAll: '查看全部',
    bellUnreadMark: '未读',
    INFO: '通知',
    WARNING: '警告',
    CRITICAL: '严重',
  },
  en: {
    product: 'Operations Console',
    developmentMode: 'Development mode: the plugin manager installs code that was not verified. Never use it in production.',
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
    pageCount: { one: '{n} page available', other: '{n} pages available' },
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no page with the id "{id}". Check the address or pick a page from the navigation.',
    goneTitle: 'This page is no longer available (its module was stopped or removed)',
    goneText: 'The module that provides "{title}" is not running. The page opens again by itself when the module is back.',
    failedTitle: 'The page could not be loaded',
    failedText: 'The script {module} of the page "{title}" could not be loaded.',
    notDefined: 'The script {module} does not define the element <{element}>',
    backHome: 'Back to the home page',
    version: 'Version {version}',
    checking: 'Checking your sign-in…',
    signInTitle: 'Sign in',
    signInIntro: 'Sign in with your Operations Console account.',
    userName: 'User name',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    wrongCredentials: 'Wrong user name or password.',
    locked: 'Too many failed sign-ins: the account is locked. Try again after {time}.',
    lockedNoTime: 'Too many failed sign-ins: the account is locked. Try again later.',
    invalidFields: 'Please check the fields.',
    signInFailed: 'Cannot sign in: {message}',
    sessionFailed: 'Cannot check whether you are signed in: {message}',
    expired: 'Your session expired; please sign in again',
    signedOut: 'You have signed out.',
    logoutFailed: 'The server could not be reached while signing out; the session may still be valid there.',
    changeTitle: 'Change your one-time password',
    changeIntro: '{name}, you are using a one-time password from an administrator. Set a password of your own before using the console.',
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    separator: ', ',
    bell: 'Notifications',
    bellUnread: 'Notifications ({n} unread)',
    bellLatest: 'Latest notifications',
    bellLoading: 'Loading notifications…',
    bellFailed: 'The notifications could not be loaded: {message}',
    bellEmpty: 'No notifications',
    bellViewAll: 'View all',
    bellUnreadMark: 'unread',
    INFO: 'Info',
    WARNING: 'Warning',
    CRITICAL: 'Critical',
  },
});

/** Each language named in itself, as language switches do. */
const LANGUAGE_NAMES = [['zh-CN', '中文'], ['en', 'English']];

/** The built-in roles' titles (the session names roles by id only); an unknown role shows its id. */
const ROLE_TITLES = {
  sysadmin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  secadmin: { 'zh-CN': '安全管理员', en: 'Security administrator' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
  operator: { 'zh-CN': '运维人员', en: 'Operator' },
  viewer: { 'zh-CN': '财政业务科室', en: 'Finance section viewer' },
};

const SESSION_URL = '/api/security/session';
const LOGIN_URL = '/api/security/login';
const LOGOUT_URL = '/api/security/logout';
const PAGES_URL = '/api/console/pages';
const EVENTS_URL = '/api/console/events';
const HEALTH_URL = '/api/health';
/** The inbox page of the notifications module, and its API: the bell shows while the navigation has the page. */
const INBOX_PAGE = 'inbox';
const INBOX_URL = '/api/notify/inbox';
/** How many messages the bell's panel shows. */
const BELL_ITEMS = 5;
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];
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

/** The time in a lockout's detail (`... locked until 2026-03-01T08:15:00Z`), formatted; '' when none. */
function lockedUntil(error) {
  const match = /\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?/.exec(error?.detail ?? '');
  if (!match) {
    return '';
  }
  const time = new Date(match[0]);
  return Number.isNaN(time.getTime()) ? '' : formatDateTime(time);
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
    _auth: { state: true },
    _session: { state: true },
    _login: { state: true },
    _navigation: { state: true },
    _navigationError: { state: true },
    _view: { state: true },
    _connection: { state: true },
    _version: { state: true },
    _developmentMode: { state: true },
    _menuOpen: { state: true },
    _unread: { state: true },
    _bell: { state: true },
  };

  constructor() {
    super();
    /** Where the user stands: checking (asking the server), signed-out, password (must change it) or signed-in. */
    this._auth = 'checking';
    /** The session JSON while signed in (or changing the password), else null. */
    this._session = null;
    /**
     * The sign-in screen's state: `{busy, error, note}` — the error of the last attempt (or of checking the
     * session: `{error, checking: true}`), and a note (`expired`, `signed-out` or `logout-failed`) about why
     * the screen shows. Texts are made when rendering, so that they follow a language switch.
     */
    this._login = { busy: false, error: null, note: '' };
    /** Counts sign-ins and sign-outs, so that answers meant for an earlier session are dropped. */
    this._epoch = 0;
    /** True while the sign-out request runs: its 401 (session over already) is no expiry to report. */
    this._signingOut = false;
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
    /** The signed-in user's unread messages, null while unknown (or when there is no inbox). */
    this._unread = null;
    /** The bell's panel: `{open, items, error, loading}`; items is null until loaded. */
    this._bell = { open: false, items: null, error: null, loading: false };
    /** Counts requests for the unread count, so that an older answer does not overwrite a newer one. */
    this._bellRequests = 0;
    this._offInbox = null;
    this._onDocumentClick = (event) => {
      if (this._bell.open && !event.composedPath().some((node) => node?.classList?.contains?.('ops-shell__bell'))) {
        this._closeBell();
      }
    };
    this._onKeyDown = (event) => {
      if (event.key === 'Escape' && this._bell.open) {
        this._closeBell();
        this.querySelector('.ops-shell__bell-button')?.focus();
      }
    };
    this._onHashChange = () => this._route();
    this._onLangChange = () => this._relabel();
    this._onSessionExpired = () => {
      // a 401 while signing in or checking is no expiry; only a session that was there can expire
      if (!this._signingOut && (this._auth === 'signed-in' || this._auth === 'password')) {
        this._leave('expired');
      }
    };
    this._onSessionChange = (event) => {
      if (this._auth === 'signed-in' && event.detail?.session) {
        this._session = event.detail.session;
      }
    };
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = lang();
    window.addEventListener('hashchange', this._onHashChange);
    window.addEventListener('ops-lang-change', this._onLangChange);
    window.addEventListener('ops-session-expired', this._onSessionExpired);
    window.addEventListener('ops-session-change', this._onSessionChange);
    document.addEventListener('click', this._onDocumentClick);
    document.addEventListener('keydown', this._onKeyDown);
    this._offInbox = onConsoleEvent('inbox', (data) => this._inboxChanged(data));
    this._checkSession();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    window.removeEventListener('ops-lang-change', this._onLangChange);
    window.removeEventListener('ops-session-expired', this._onSessionExpired);
    window.removeEventListener('ops-session-change', this._onSessionChange);
    document.removeEventListener('click', this._onDocumentClick);
    document.removeEventListener('keydown', this._onKeyDown);
    this._offInbox?.();
    this._offInbox = null;
    this._closeEvents();
    super.disconnectedCallback();
  }

  /** At start: is somebody signed in already (a session cookie from before)? */
  async _checkSession() {
    const epoch = this._epoch;
    try {
      const current = await api(SESSION_URL);
      if (epoch === this._epoch) {
        this._enter(current);
      }
    } catch (error) {
      if (epoch !== this._epoch) {
        return;
      }
      this._auth = 'signed-out';
      if (!(error instanceof ApiError && error.status === 401)) {
        console.error('opsconsole: the session could not be checked', error);
        this._login = { ...this._login, error: { error, checking: true } };
      }
    }
  }

  /** A session arrived (signed in, or the password changed): on to the password screen or the console. */
  _enter(current) {
    this._epoch++;
    this._openings++;
    this._closeEvents();
    setSession(current);
    this._session = current;
    this._login = { busy: false, error: null, note: '' };
    if (current?.mustChangePassword) {
      this._auth = 'password';
      return;
    }
    this._auth = 'signed-in';
    this._navigation = null;
    this._navigationJson = null;
    this._navigationError = null;
    this._view = { kind: 'home' };
    this._connection = 'connecting';
    this._resetBell();
    this._loadNavigation();
    this._connect();
    this._loadVersion();
    this._route();
  }

  /** Back to the sign-in screen: forgets the session, the navigation and the page, closes the event stream. */
  _leave(note) {
    this._epoch++;
    this._openings++;
    this._closeEvents();
    setSession(null);
    this._session = null;
    this._auth = 'signed-out';
    this._navigation = null;
    this._navigationJson = null;
    this._navigationError = null;
    this._view = { kind: 'home' };
    this._menuOpen = false;
    this._resetBell();
    this._login = { busy: false, error: null, note };
  }

  async _signIn(event) {
    event.preventDefault();
    if (this._login.busy) {
      return;
    }
    const form = event.target;
    const nameInput = form.elements.namedItem('name');
    const passwordInput = form.elements.namedItem('password');
    const name = nameInput.value;
    const password = passwordInput.value;
    this._login = { ...this._login, busy: true, error: null };
    const epoch = this._epoch;
    try {
      const current = await api(LOGIN_URL, { method: 'POST', json: { name, password } });
      if (epoch === this._epoch) {
        form.reset();
        this._enter(current);
      }
    } catch (error) {
      if (epoch !== this._epoch) {
        return;
      }
      this._login = { busy: false, error: { error }, note: '' };
      passwordInput.value = '';
      await this.updateComplete;
      (fieldErrors(error).name ? nameInput : passwordInput).focus();
    }
  }

  async _signOut() {
    if (this._signingOut) {
      return;
    }
    let note = 'signed-out';
    this._signingOut = true;
    try {
      await api(LOGOUT_URL, { method: 'POST' });
    } catch (error) {
      // a 401 means the session had ended anyway
      if (!(error instanceof ApiError && error.status === 401)) {
        console.error('opsconsole: signing out failed', error);
        note = 'logout-failed';
      }
    } finally {
      this._signingOut = false;
    }
    if (this._auth !== 'signed-out') {
      this._leave(note);
    }
  }

  async _loadNavigation() {
    const epoch = this._epoch;
    try {
      const navigation = await api(PAGES_URL);
      // the event stream may have delivered a newer navigation meanwhile
      if (epoch === this._epoch && this._navigation === null) {
        this._setNavigation(navigation);
      }
    } catch (error) {
      if (epoch === this._epoch && this._navigation === null) {
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
      this._developmentMode = health?.developmentMode === true;
    } catch {
      // the version from the page itself stays
    }
  }

  _connect() {
    const source = new EventSource(EVENTS_URL);
    source.addEventListener('open', () => {
      this._connection = 'live';
      // inbox events sent while the stream was away are not replayed: ask for the count again
      this._loadUnread();
    });
    source.addEventListener('error', () => {
      this._connection = 'reconnecting';
      if (source.readyState === EventSource.CLOSED) {
        // the browser retries by itself unless the answer was no event stream at all, a 401 for
        // instance: ask for the session, which brings the sign-in screen back if it has ended
        source.close();
        this._events = null;
        this._reconnectTimer = setTimeout(() => this._reconnect(), RECONNECT_MILLIS);
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
    attachEventSource(source);
  }

  async _reconnect() {
    const epoch = this._epoch;
    try {
      await api(SESSION_URL);
    } catch {
      // a 401 has signed the user out (ops-session-expired); otherwise the server is away: try again
    }
    if (epoch === this._epoch && this._auth === 'signed-in' && this._events === null) {
      this._connect();
    }
  }

  _closeEvents() {
    clearTimeout(this._reconnectTimer);
    this._events?.close();
    this._events = null;
    attachEventSource(null);
  }

  _setNavigation(navigation) {
    const json = JSON.stringify(navigation);
    if (json === this._navigationJson) {
      return;
    }
    this._navigationJson = json;
    const hadInbox = this._hasInbox();
    this._navigation = arrange(navigation);
    this._navigationError = null;
    this._followNavigation();
    if (this._hasInbox() && !hadInbox) {
      this._loadUnread();
    } else if (!this._hasInbox() && hadInbox) {
      this._resetBell();
    }
  }

  /** Whether the navigation has the inbox page (the notifications module runs and the user may open it). */
  _hasInbox() {
    return Boolean(this._page(INBOX_PAGE));
  }

  _resetBell() {
    this._bellRequests++;
    this._unread = null;
    this._bell = { open: false, items: null, error: null, loading: false };
  }

  /** Asks for the unread count; an answer that comes after a newer one, or after signing out, is dropped. */
  async _loadUnread() {
    if (this._auth !== 'signed-in' || !this._hasInbox()) {
      return;
    }
    const request = ++this._bellRequests;
    try {
      const count = await api(`${INBOX_URL}/count`);
      if (request === this._bellRequests && Number.isFinite(count?.unread)) {
        this._unread = count.unread;
      }
    } catch (error) {
      if (request === this._bellRequests) {
        console.warn('opsconsole: the unread notifications could not be counted', error);
      }
    }
  }

  /** The latest messages for the bell's panel. */
  async _loadBellItems() {
    const epoch = this._epoch;
    this._bell = { ...this._bell, loading: true };
    try {
      const page = await api(`${INBOX_URL}?limit=${BELL_ITEMS}`);
      if (epoch === this._epoch) {
        this._bell = { ...this._bell, items: Array.isArray(page?.messages) ? page.messages : [], error: null, loading: false };
        if (Number.isFinite(page?.unread)) {
          this._bellRequests++;
          this._unread = page.unread;
        }
      }
    } catch (error) {
      if (epoch === this._epoch) {
        this._bell = { ...this._bell, error, loading: false };
      }
    }
  }

  /** The `inbox` live event: a new message (count again), or messages read in another window (the new count). */
  _inboxChanged(data) {
    if (this._auth !== 'signed-in' || !this._hasInbox()) {
      return;
    }
    if (data?.type === 'read' && Number.isFinite(data.unread)) {
      this._bellRequests++;
      this._unread = data.unread;
    } else {
      this._loadUnread();
    }
    if (this._bell.open) {
      this._loadBellItems();
    }
  }

  _toggleBell() {
    if (this._bell.open) {
      this._closeBell();
      return;
    }
    this._bell = { ...this._bell, open: true };
    this._loadBellItems();
  }

  _closeBell() {
    this._bell = { ...this._bell, open: false };
  }

  /** A message in the panel was opened (its link, or the inbox): mark it read, close the panel. */
  _openBellItem(message) {
    this._closeBell();
    if (message.read) {
      return;
    }
    api(`${INBOX_URL}/${encodeURIComponent(message.id)}/read`, { method: 'POST' })
      .then((answer) => {
        if (Number.isFinite(answer?.unread)) {
          this._bellRequests++;
          this._unread = answer.unread;
        }
      })
      .catch((error) => console.warn('opsconsole: the notification could not be marked read', error));
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
    if (this._auth !== 'signed-in') {
      // the hash is kept: after signing in, _enter opens the page it names
      return;
    }
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

  updated(changed) {
    if (this._auth === 'signed-out') {
      document.title = `${t('signInTitle')} · ${t('product')}`;
    } else if (this._auth === 'password') {
      document.title = `${t('changeTitle')} · ${t('product')}`;
    } else {
      const page = this._auth === 'signed-in' ? this._view.page : null;
      document.title = page ? `${localized(page.title)} · ${t('product')}` : `${t('product')} · opsconsole`;
    }
    if (changed.has('_auth')) {
      if (this._auth === 'signed-out') {
        this.querySelector('[data-testid="login-form"] input[name="name"]')?.focus();
      } else if (this._auth === 'password') {
        this.querySelector('ops-password-form')?.focusFirst?.();
      }
    }
  }

  render() {
    switch (this._auth) {
      case 'checking':
        return html`<div class="ops-login" data-view="checking">
          <p class="ops-shell__loading ops-login__checking" role="status">${t('checking')}</p></div>`;
      case 'signed-out':
        return this._renderSignIn();
      case 'password':
        return this._renderPasswordChange();
      default:
        return html`
          ${this._renderHeader()}
          ${this._developmentMode ? html`
            <p class="ops-notice ops-notice--warn ops-shell__dev-mode" role="alert" data-testid="development-mode">${t('developmentMode')}</p>`
            : nothing}
          <div class="ops-shell__body">
            ${this._renderNavigation()}
            <main class="ops-shell__content" id="ops-content">${this._renderView()}</main>
          </div>`;
    }
  }

  _renderLanguages() {
    const current = lang();
    return html`
      <div class="ops-shell__langs" role="group" aria-label=${t('language')}>
        ${LANGUAGE_NAMES.map(([code, name]) => html`
          <button type="button" class="ops-shell__lang" lang=${code} data-lang=${code} aria-pressed=${code === current}
              @click=${() => setLang(code)}>${name}</button>`)}
      </div>`;
  }

  /** The frame of the screens before the console: the language switch, and a card in the middle. */
  _renderGate(view, content) {
    return html`
      <div class="ops-login" data-view=${view}>
        <div class="ops-login__bar">${this._renderLanguages()}</div>
        <main class="ops-login__main">
          <section class="ops-card ops-login__card">
            <div class="ops-login__brand">
              <img class="ops-shell__logo" src="/console/img/logo.svg" alt="" width="40" height="40">
              <div class="ops-shell__brand-text">
                <span class="ops-login__product">${t('product')}</span>
                <span class="ops-login__subtitle">${t('subtitle')}</span>
              </div>
            </div>
            ${content}
          </section>
          <p class="ops-login__version">opsconsole${this._version ? html` · ${t('version', { version: this._version })}` : nothing}</p>
        </main>
      </div>`;
  }

  /** What went wrong signing in (or checking the session), in the current language. */
  _signInErrorText({ error, checking }) {
    if (checking) {
      return t('sessionFailed', { message: problemText(error) });
    }
    const fields = fieldErrors(error);
    switch (error instanceof ApiError ? error.status : -1) {
      case 401:
        return t('wrongCredentials');
      case 423: {
        const until = lockedUntil(error);
        return until ? t('locked', { time: until }) : bilingual(error.detail) || t('lockedNoTime');
      }
      case 400:
        return fields.name || fields.password ? t('invalidFields') : problemText(error);
      default:
        return t('signInFailed', { message: problemText(error) });
    }
  }

  _renderSignIn() {
    const login = this._login;
    const notes = { expired: t('expired'), 'signed-out': t('signedOut'), 'logout-failed': t('logoutFailed') };
    const fields = login.error && !login.error.checking ? fieldErrors(login.error.error) : {};
    const nameErrors = fields.name ?? [];
    const passwordErrors = fields.password ?? [];
    return this._renderGate('login', html`
      <h1 class="ops-login__heading">${t('signInTitle')}</h1>
      ${login.note
        ? html`<p class="ops-notice ${login.note === 'logout-failed' ? 'ops-notice--warn' : 'ops-notice--info'}"
            role="status" data-testid="login-note" data-note=${login.note}>${notes[login.note] ?? login.note}</p>`
        : html`<p class="ops-muted ops-login__intro">${t('signInIntro')}</p>`}
      ${login.error
        ? html`<p class="ops-error ops-form__error" role="alert" data-testid="login-error">${this._signInErrorText(login.error)}</p>`
        : nothing}
      <form class="ops-form" data-testid="login-form" novalidate @submit=${(event) => this._signIn(event)}>
        <div class="ops-field">
          <label class="ops-field__label" for="ops-login-name">${t('userName')}</label>
          <input class="ops-input ops-input--block" id="ops-login-name" name="name" type="text" autocomplete="username"
              autocapitalize="none" spellcheck="false" maxlength="64" aria-invalid=${nameErrors.length ? 'true' : 'false'}
              aria-describedby=${nameErrors.length ? 'ops-login-name-error' : nothing}>
          ${nameErrors.length ? html`<div class="ops-field__error" id="ops-login-name-error" data-error="name">
            ${nameErrors.map((message) => html`<span>${message}</span>`)}</div>` : nothing}
        </div>
        <div class="ops-field">
          <label class="ops-field__label" for="ops-login-password">${t('password')}</label>
          <input class="ops-input ops-input--block" id="ops-login-password" name="password" type="password"
              autocomplete="current-password" maxlength="256" aria-invalid=${passwordErrors.length ? 'true' : 'false'}
              aria-describedby=${passwordErrors.length ? 'ops-login-password-error' : nothing}>
          ${passwordErrors.length ? html`<div class="ops-field__error" id="ops-login-password-error" data-error="password">
            ${passwordErrors.map((message) => html`<span>${message}</span>`)}</div>` : nothing}
        </div>
        <div class="ops-form__actions">
          <button type="submit" class="ops-button ops-button--primary ops-button--block" ?disabled=${login.busy}>
            ${login.busy ? t('signingIn') : t('signIn')}
          </button>
        </div>
      </form>`);
  }

  _renderPasswordChange() {
    const user = this._session?.user ?? {};
    return this._renderGate('password', html`
      <h1 class="ops-login__heading">${t('changeTitle')}</h1>
      <p class="ops-notice ops-notice--warn">${t('changeIntro', { name: user.displayName || user.name || '' })}</p>
      <ops-password-form .userName=${user.name ?? ''}
          @ops-password-changed=${(event) => this._enter(event.detail.session)}></ops-password-form>
      <p class="ops-login__switch">
        <span class="ops-muted">${t('signedInAs')} <strong>${user.name}</strong></span>
        <button type="button" class="ops-button ops-button--small" data-testid="logout" @click=${() => this._signOut()}>
          ${icon('x')}<span>${t('signOut')}</span>
        </button>
      </p>`);
  }

  _roleTitles(roles) {
    return (Array.isArray(roles) ? roles : []).map((id) => localized(ROLE_TITLES[id]) || id).join(t('separator'));
  }

  _renderUser() {
    const user = this._session?.user;
    if (!user) {
      return nothing;
    }
    const roles = this._roleTitles(user.roles);
    const name = html`
      <span class="ops-shell__user-name">${user.displayName || user.name}</span>
      ${roles ? html`<span class="ops-shell__user-roles">${roles}</span>` : nothing}`;
    return html`
      <span class="ops-shell__user" data-testid="current-user" data-user=${user.name} title="${user.name}${roles ? ` · ${roles}` : ''}">
        <span class="ops-visually-hidden">${t('signedInAs')}</span>
        ${this._page('account')
          ? html`<a class="ops-shell__user-text" href="#/account">${name}</a>`
          : html`<span class="ops-shell__user-text">${name}</span>`}
      </span>`;
  }

  _renderHeader() {
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
          ${this._renderBell()}
          ${this._renderUser()}
          ${this._renderLanguages()}
          <button type="button" class="ops-button ops-button--small ops-shell__logout" data-testid="logout"
              @click=${() => this._signOut()}>${t('signOut')}</button>
        </div>
      </header>`;
  }

  _renderBell() {
    if (!this._hasInbox()) {
      return nothing;
    }
    const unread = this._unread ?? 0;
    const bell = this._bell;
    const label = unread > 0 ? t('bellUnread', { n: unread }) : t('bell');
    return html`
      <div class="ops-shell__bell" data-testid="bell">
        <button type="button" class="ops-shell__bell-button" aria-haspopup="dialog" aria-expanded=${bell.open}
            aria-controls="ops-bell-panel" title=${label} @click=${() => this._toggleBell()}>
          ${icon('bell')}<span class="ops-visually-hidden">${label}</span>
          ${unread > 0
            ? html`<span class="ops-shell__bell-badge" data-testid="bell-count" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>`
            : nothing}
        </button>
        ${bell.open ? html`
          <div class="ops-shell__bell-panel" id="ops-bell-panel" role="dialog" aria-label=${t('bellLatest')}
              data-testid="bell-panel">
            <div class="ops-shell__bell-head">${t('bellLatest')}</div>
            ${this._renderBellItems(bell)}
            <a class="ops-shell__bell-all" href="#/${INBOX_PAGE}" data-testid="bell-all" @click=${() => this._closeBell()}>
              ${t('bellViewAll')}
            </a>
          </div>` : nothing}
      </div>`;
  }

  _renderBellItems(bell) {
    if (bell.error) {
      return html`<p class="ops-shell__bell-note ops-shell__bell-note--error" role="alert">
        ${t('bellFailed', { message: problemText(bell.error) })}</p>`;
    }
    if (bell.items === null) {
      return html`<p class="ops-shell__bell-note" role="status">${t('bellLoading')}</p>`;
    }
    if (bell.items.length === 0) {
      return html`<p class="ops-shell__bell-note">${t('bellEmpty')}</p>`;
    }
    return html`
      <ul class="ops-shell__bell-list">
        ${bell.items.map((message) => {
          const severity = SEVERITIES.includes(message.severity) ? message.severity : 'INFO';
          const link = typeof message.link === 'string' && message.link ? message.link : `#/${INBOX_PAGE}`;
          const external = /^https?:\/\//i.test(link);
          return html`
            <li>
              <a class="ops-shell__bell-item ops-shell__bell-item--${severity.toLowerCase()} ${message.read ? '' : 'ops-shell__bell-item--unread'}"
                  href=${link} target=${external ? '_blank' : nothing} rel=${external ? 'noopener noreferrer' : nothing}
                  data-message=${message.id} @click=${() => this._openBellItem(message)}>
                <span class="ops-shell__bell-severity">${t(severity)}</span>
                <span class="ops-shell__bell-title">${message.title}</span>
                <span class="ops-shell__bell-time">
                  ${formatDateTime(message.createdAt)}${message.read ? nothing : html` · <strong>${t('bellUnreadMark')}</strong>`}
                </span>
              </a>
            </li>`;
        })}
      </ul>`;
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
