/**
 * The console's helper module for page authors, imported as `opsconsole`:
 * the current language and message tables, the signed-in user's session and permissions, calls to the
 * console's JSON API, the console's live events, and formatting of dates, durations and numbers in the
 * current language.
 *
 * @module opsconsole
 */

/** The languages the console speaks; the first one is the default. */
const LANGUAGES = ['zh-CN', 'en'];
const DEFAULT_LANG = LANGUAGES[0];
const LANG_KEY = 'opsconsole.lang';

/**
 * The language the console shows right now.
 *
 * @returns {'zh-CN'|'en'} the stored choice, or `'zh-CN'` when none (or an unknown one) is stored
 */
export function lang() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(LANG_KEY);
  } catch {
    // storage disabled by the browser: the default language it is
  }
  return LANGUAGES.includes(stored) ? stored : DEFAULT_LANG;
}

/**
 * Switches the console's language: remembers the choice, sets `<html lang>` and dispatches an
 * `ops-lang-change` event on `window` (its `detail.lang` is the new language). Pages listen to that
 * event to render again.
 *
 * @param {'zh-CN'|'en'} l the language; anything else means the default, `'zh-CN'`
 */
export function setLang(l) {
  const chosen = LANGUAGES.includes(l) ? l : DEFAULT_LANG;
  try {
    window.localStorage.setItem(LANG_KEY, chosen);
  } catch {
    // not remembered across visits, still applied below
  }
  document.documentElement.lang = chosen;
  window.dispatchEvent(new CustomEvent('ops-lang-change', { detail: { lang: chosen } }));
}

/**
 * Picks the text for the current language from a `{ "zh-CN": "...", "en": "..." }` object, as the
 * console's API sends titles.
 *
 * @param {Object<string, string>|string|null|undefined} map the texts by language (a plain string is returned as is)
 * @returns {string} the current language's text, else the Chinese one, else the first one, else `''`
 */
export function localized(map) {
  if (map == null) {
    return '';
  }
  if (typeof map !== 'object') {
    return String(map);
  }
  return map[lang()] ?? map[DEFAULT_LANG] ?? Object.values(map)[0] ?? '';
}

/**
 * A text the API gives in both languages, `<key>` in Chinese and `<key>En` in English, in the current language: the
 * Chinese text when there is no English one.
 *
 * ```js
 * inLanguage({ name: '控制台主机', nameEn: 'Console host' }, 'name'); // 'Console host' in English
 * ```
 *
 * @param {Object|null|undefined} item what the API gave
 * @param {string} key the Chinese text's key, e.g. `name`
 * @returns {string} the text, `''` for none
 */
export function inLanguage(item, key) {
  return localized({ 'zh-CN': item?.[key], en: item?.[`${key}En`] || item?.[key] }) || '';
}

/**
 * Makes a translation function from message tables, one table per language.
 *
 * A message is a text with `{name}` placeholders, or, where a count decides the wording, an object of plural forms
 * named by the categories of `Intl.PluralRules` for the current language (English knows `one` and `other`; Chinese
 * needs no forms at all). The form is chosen on a number among the parameters:
 * - the parameter the object names in `param`, if it does;
 * - else the parameter `n`, if it is given;
 * - else the only parameter whose value is a number.
 * That value may be a number or a number as `formatNumber` writes it (`'1,234'`). When there is no such number (the
 * parameter is missing, is no number, or several parameters are numbers and none is chosen), the form is `other`; a
 * category the object lacks also means `other`. A form may itself be an object of plural forms, for a message with
 * two counts.
 *
 * ```js
 * const t = messages({
 *   'zh-CN': { count: '共 {n} 个组件包', shown: '显示 {shown} / {total} 个组件包' },
 *   en: {
 *     count: { one: '{n} bundle', other: '{n} bundles' },
 *     shown: { param: 'total', one: 'Showing {shown} / {total} bundle', other: 'Showing {shown} / {total} bundles' },
 *   },
 * });
 * t('count', { n: 3 }); // '共 3 个组件包'; in English '3 bundles', and with { n: 1 } '1 bundle'
 * ```
 *
 * @param {Object<string, Object<string, string|Object<string, *>>>} tables the messages by language, then by key
 * @returns {(key: string, params?: Object<string, *>) => string} looks a key up in the current language (then in
 *   Chinese, then gives the key itself), chooses the plural form, and fills the `{name}` placeholders from `params`;
 *   a placeholder without a parameter stays as it is
 */
export function messages(tables) {
  return (key, params) => {
    const text = pluralForm(tables[lang()]?.[key], params) ?? pluralForm(tables[DEFAULT_LANG]?.[key], params) ?? key;
    if (!params) {
      return text;
    }
    return text.replace(/\{(\w+)\}/g, (placeholder, name) =>
      params[name] === undefined || params[name] === null ? placeholder : String(params[name]));
  };
}

/** The `Intl.PluralRules` by language, made once each. */
const pluralRules = new Map();

/**
 * The text of a message for these parameters: the message itself when it is a text, else its plural form for the
 * number it is chosen on (see {@link messages}).
 *
 * @returns {string|undefined} the text, or `undefined` when there is no message (or a plural object without a form)
 */
function pluralForm(message, params) {
  if (message === null || typeof message !== 'object') {
    return message;
  }
  const count = pluralCount(message.param, params ?? {});
  let category = 'other';
  if (count !== undefined) {
    const language = lang();
    if (!pluralRules.has(language)) {
      pluralRules.set(language, new Intl.PluralRules(language));
    }
    category = pluralRules.get(language).select(count);
  }
  return pluralForm(message[category] ?? message.other, params);
}

/** The number a plural message is chosen on, or `undefined` when there is none; see {@link messages}. */
function pluralCount(param, params) {
  if (param !== undefined) {
    return numberOf(params[param]);
  }
  if (params.n !== undefined && params.n !== null) {
    return numberOf(params.n);
  }
  const numbers = Object.values(params).map(numberOf).filter((value) => value !== undefined);
  return numbers.length === 1 ? numbers[0] : undefined;
}

/** A number, or a text `formatNumber` wrote in the current language, as a number; else `undefined`. */
function numberOf(value) {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  const parts = new Intl.NumberFormat(lang()).formatToParts(12345.6);
  const group = parts.find((part) => part.type === 'group')?.value ?? ',';
  const decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.';
  const number = Number(value.trim().split(group).join('').split(decimal).join('.'));
  return Number.isFinite(number) ? number : undefined;
}

const t = messages({
  'zh-CN': {
    network: '无法连接到服务器',
    http: '请求失败（HTTP {status}）',
    days: '{n} 天',
    hours: '{n} 小时',
    minutes: '{n} 分',
    seconds: '{n} 秒',
  },
  en: {
    network: 'Cannot reach the server',
    http: 'Request failed (HTTP {status})',
    days: '{n} d',
    hours: '{n} h',
    minutes: '{n} min',
    seconds: '{n} s',
  },
});

/**
 * The error {@link api} throws when the server answers with a status outside 2xx, or cannot be
 * reached at all (`status` 0). When the answer is an `application/problem+json` document (RFC 9457),
 * its `title`, `detail` and `errors` are carried over.
 */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status, 0 when the server could not be reached
   * @param {{title?: string, detail?: string, errors?: Array<*>}} [problem] the problem document's fields
   */
  constructor(status, problem = {}) {
    super(problem.title || (status ? t('http', { status }) : t('network')));
    this.name = 'ApiError';
    /** @type {number} the HTTP status, 0 when the server could not be reached */
    this.status = status;
    /** @type {string|undefined} the problem's short summary */
    this.title = problem.title;
    /** @type {string|undefined} the problem's explanation for this occurrence */
    this.detail = problem.detail;
    /** @type {Array<*>} the problem's `errors` (for example one per invalid field); empty when none */
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    /** @type {object} the whole problem document, with any fields of its own (a plan, say) */
    this.problem = problem;
  }
}

/**
 * The signed-in user's session as `GET /api/security/session` answers it, null when nobody is signed in.
 * Set by the shell; {@link api} sends its `csrfToken` with every state-changing request.
 */
let currentSession = null;

/**
 * Remembers the signed-in user's session (the shell calls this after signing in, after a password change
 * and with null after signing out) and dispatches an `ops-session-change` event on `window` (its
 * `detail.session` is the new session, or null).
 *
 * @param {{user: {name: string, displayName: string, roles: string[]}, permissions: string[],
 *   mustChangePassword: boolean, csrfToken: string}|null} value the session JSON as the server sends it,
 *   or null when nobody is signed in (any other value counts as null)
 */
export function setSession(value) {
  currentSession = isPlainObject(value) ? value : null;
  window.dispatchEvent(new CustomEvent('ops-session-change', { detail: { session: currentSession } }));
}

/**
 * The signed-in user's session, as last given to {@link setSession}.
 *
 * ```js
 * const me = session()?.user; // { name: 'zhang.wei', displayName: '张伟', roles: ['operator'] }
 * ```
 *
 * @returns {{user: {name: string, displayName: string, roles: string[]}, permissions: string[],
 *   mustChangePassword: boolean, csrfToken: string}|null} the session JSON, null when nobody is signed in
 */
export function session() {
  return currentSession;
}

/**
 * Whether the signed-in user holds a permission. Pages use it to hide what the user may not do; the
 * server decides all the same.
 *
 * @param {string} name a permission name, for example `security.role.write`
 * @returns {boolean} true when the session lists the permission; false when nobody is signed in
 */
export function hasPermission(name) {
  const permissions = currentSession?.permissions;
  return Array.isArray(permissions) && permissions.includes(name);
}

/** The methods that change nothing on the server, and so need no CSRF token. */
const SAFE_METHODS = ['GET', 'HEAD'];

/**
 * Calls the console's JSON API with `fetch`: asks for JSON, sends the session cookie (same origin
 * only) and, with every request but `GET` and `HEAD`, the session's CSRF token as `X-CSRF-Token`; turns
 * failures into {@link ApiError}s. `options.json` is sent as JSON (so is a plain object or array as
 * `options.body`).
 *
 * A 401 answer means the session ended (signed out elsewhere, idle too long): before throwing, `api`
 * dispatches an `ops-session-expired` event on `window` (its `detail.path` is the URL asked for), and the
 * shell shows the sign-in screen.
 *
 * ```js
 * const data = await api('/api/system/bundles');
 * await api('/api/backups/jobs', { method: 'POST', json: { name: 'nightly' } });
 * ```
 *
 * @param {string} path the URL, usually starting with `/api/`
 * @param {RequestInit & {body?: *, json?: *}} [options] passed on to `fetch`; `json`, when given, is
 *   the request body, serialized as JSON with `Content-Type: application/json`
 * @returns {Promise<*>} the parsed JSON answer, or `null` when the answer has no body (204)
 * @throws {ApiError} when the status is not 2xx or the server cannot be reached
 */
export async function api(path, options = {}) {
  const { json, ...init } = options;
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  let body = init.body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers.set('Content-Type', 'application/json');
  } else if (isPlainObject(body) || Array.isArray(body)) {
    body = JSON.stringify(body);
    if (!headers.has('Content-Type')) {
      headers.set('Content-Type', 'application/json');
    }
  }
  const csrfToken = currentSession?.csrfToken;
  if (!SAFE_METHODS.includes(method) && csrfToken && !headers.has('X-CSRF-Token')) {
    headers.set('X-CSRF-Token', csrfToken);
  }
  let response;
  try {
    response = await fetch(path, { ...init, method, body, headers, credentials: 'same-origin' });
  } catch (cause) {
    const error = new ApiError(0);
    error.cause = cause;
    throw error;
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('ops-session-expired', { detail: { path } }));
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.toLowerCase().startsWith('application/problem+json')) {
    return {};
  }
  try {
    return (await response.json()) ?? {};
  } catch {
    return {};
  }
}

/**
 * Picks the current language's half of a server text written `中文 / English`, as the console's problem
 * details are. A text without the ` / ` separator is returned as it is.
 *
 * @param {string|null|undefined} text the bilingual text
 * @returns {string} the Chinese half in Chinese, the English half otherwise; `''` for no text
 */
export function bilingual(text) {
  if (text === null || text === undefined) {
    return '';
  }
  const value = String(text);
  const separator = value.indexOf(' / ');
  if (separator < 0) {
    return value;
  }
  return lang() === DEFAULT_LANG ? value.slice(0, separator).trim() : value.slice(separator + 3).trim();
}

/**
 * The field errors of a failed request, in the current language: for each field the server named, its
 * messages (`message` in Chinese, `messageEn` in English).
 *
 * ```js
 * try { await api(url, { method: 'POST', json }); }
 * catch (error) { fieldErrors(error).password; // ['密码至少需要 12 个字符'] }
 * ```
 *
 * @param {*} error what {@link api} threw
 * @returns {Object<string, string[]>} messages by field name; empty when the error names no fields
 */
export function fieldErrors(error) {
  const byField = {};
  const errors = error instanceof ApiError ? error.errors : [];
  for (const item of errors) {
    if (!item || typeof item !== 'object') {
      continue;
    }
    const field = typeof item.field === 'string' ? item.field : '';
    const text = (lang() === DEFAULT_LANG ? item.message : item.messageEn) ?? item.message ?? item.messageEn ?? item.detail;
    if (text) {
      (byField[field] ??= []).push(String(text));
    }
  }
  return byField;
}

/**
 * What went wrong with a failed request, in one sentence of the current language: the problem's
 * `detail` (its language's half), else its `title`, else the error's message.
 *
 * @param {*} error what {@link api} threw, or any other error
 * @returns {string} the text to show
 */
export function problemText(error) {
  if (error instanceof ApiError) {
    return bilingual(error.detail) || error.title || error.message;
  }
  return String(error?.message ?? error ?? '');
}

/**
 * Formats a point in time as local date and time, for example `2026/11/27 05:00:00`.
 *
 * @param {string|number|Date|null|undefined} isoOrEpochMillis an ISO-8601 text, epoch milliseconds or a Date
 * @returns {string} the formatted time, `'—'` when there is none, the input as text when it is no time
 */
export function formatDateTime(isoOrEpochMillis) {
  if (isoOrEpochMillis === null || isoOrEpochMillis === undefined || isoOrEpochMillis === '') {
    return '—';
  }
  const date = isoOrEpochMillis instanceof Date ? isoOrEpochMillis : new Date(isoOrEpochMillis);
  if (Number.isNaN(date.getTime())) {
    return String(isoOrEpochMillis);
  }
  return new Intl.DateTimeFormat(lang(), {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(date);
}

/**
 * Formats a duration with its two largest units: `3 天 4 小时` / `3 d 4 h`, `5 分 6 秒` / `5 min 6 s`.
 * A zero second unit is left out (`3 天`).
 *
 * @param {number} seconds the duration in seconds
 * @returns {string} the formatted duration, `'—'` when it is not a number or negative
 */
export function formatDuration(seconds) {
  const total = Math.floor(Number(seconds));
  if (!Number.isFinite(total) || total < 0) {
    return '—';
  }
  const parts = [
    ['days', Math.floor(total / 86400)],
    ['hours', Math.floor(total / 3600) % 24],
    ['minutes', Math.floor(total / 60) % 60],
    ['seconds', total % 60],
  ];
  const first = parts.findIndex(([, n]) => n > 0);
  if (first < 0) {
    return t('seconds', { n: 0 });
  }
  return parts.slice(first, first + 2)
    .filter(([, n], i) => i === 0 || n > 0)
    .map(([unit, n]) => t(unit, { n }))
    .join(' ');
}

/**
 * Formats a number the way the current language writes it (`12,345.6`).
 *
 * @param {number} n the number
 * @returns {string} the formatted number, `'—'` when it is not a number
 */
export function formatNumber(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) {
    return '—';
  }
  return new Intl.NumberFormat(lang()).format(n);
}

/**
 * The handlers of the console's live events, by event name; each handler is wrapped in an object of its
 * own, so that subscribing one function twice gives two subscriptions.
 *
 * @type {Map<string, Set<{handler: function(*, MessageEvent): void}>>}
 */
const eventHandlers = new Map();
/** The shell's event stream while one is open, else null. */
let eventSource = null;
/** The event names the current stream has a listener for. */
const listenedNames = new Set();

function dispatchConsoleEvent(name, event) {
  let data = event.data;
  try {
    data = JSON.parse(event.data);
  } catch {
    // not JSON: the handlers get the text as it is
  }
  for (const entry of [...(eventHandlers.get(name) ?? [])]) {
    try {
      entry.handler(data, event);
    } catch (error) {
      console.error(`opsconsole: a handler of the live event '${name}' failed`, error);
    }
  }
}

function listenTo(name) {
  if (eventSource && !listenedNames.has(name)) {
    listenedNames.add(name);
    eventSource.addEventListener(name, (event) => dispatchConsoleEvent(name, event));
  }
}

/**
 * Listens to a live event of the console: a server-sent event that a module pushes to the signed-in
 * browsers (on the server, an EventAdmin event on `ConsoleConstants.TOPIC_CLIENT_EVENT`). The shell's one
 * event stream carries them all; the handler is called for every event of that name while the user is
 * signed in, also after the stream reconnected (events sent while it was away are not replayed: reload what
 * matters when the page opens).
 *
 * ```js
 * const off = onConsoleEvent('inbox', (data) => this._reload());
 * // in disconnectedCallback:
 * off();
 * ```
 *
 * @param {string} name the event's name, for example `inbox`
 * @param {function(*, MessageEvent): void} handler called with the event's data (parsed from JSON; the
 *   text as it is when it is no JSON) and the browser's event
 * @returns {function(): void} stops this handler from being called; calling it again does nothing
 * @throws {TypeError} when the name is empty or the handler is not a function
 */
export function onConsoleEvent(name, handler) {
  if (typeof name !== 'string' || name === '' || typeof handler !== 'function') {
    throw new TypeError('onConsoleEvent(name, handler) needs an event name and a function');
  }
  let handlers = eventHandlers.get(name);
  if (!handlers) {
    handlers = new Set();
    eventHandlers.set(name, handlers);
  }
  const entry = { handler };
  handlers.add(entry);
  listenTo(name);
  return () => {
    handlers.delete(entry);
  };
}

/**
 * Feeds {@link onConsoleEvent} from an event stream. Called by the shell when it opens its
 * `EventSource` on `/api/console/events`, and with null when it closes it; pages do not call it.
 *
 * @param {EventSource|null} source the open stream, or null when there is none
 */
export function attachEventSource(source) {
  eventSource = source ?? null;
  listenedNames.clear();
  if (eventSource) {
    for (const name of eventHandlers.keys()) {
      listenTo(name);
    }
  }
}
