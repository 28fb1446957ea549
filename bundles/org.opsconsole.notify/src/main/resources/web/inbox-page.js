/**
 * `<ops-inbox-page>`: the Inbox page (通知). The messages addressed to the signed-in user or one of the user's roles,
 * newest first, from `GET /api/notify/inbox` (all or only unread, paged back with `before`); marking one read
 * (`POST /api/notify/inbox/<id>/read`) or all (`POST /api/notify/inbox/read-all`); following a message's link. New
 * messages appear by themselves (the `inbox` live event). Users with `notify.operate` can also publish a notice to
 * roles or users (`POST /api/notify/messages`), the form showing the server's field errors next to the fields.
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, fieldErrors, formatDateTime, formatNumber, hasPermission, messages, onConsoleEvent, problemText,
} from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '通知',
    intro: '发给您本人或您所属角色的通知。各模块发送的告警、提醒和运维人员发布的公告都会出现在这里。',
    all: '全部',
    unread: '未读',
    markAllRead: '全部标为已读',
    refresh: '刷新',
    loading: '正在加载通知…',
    loadFailed: '无法加载通知：{message}',
    retry: '重试',
    empty: '没有通知。',
    emptyUnread: '没有未读通知。',
    unreadCount: '{n} 条未读',
    markRead: '标为已读',
    marking: '正在标记…',
    open: '查看详情',
    source: '来源：{source}',
    more: '加载更早的通知',
    loadingMore: '正在加载…',
    markedAll: '已将 {n} 条通知标为已读。',
    actionFailed: '操作失败：{message}',
    compose: '发布通知',
    composeTitle: '发布通知',
    composeIntro: '向选定的角色或用户发布一条通知；同时按各通知渠道的设置发送到外部渠道。',
    severity: '级别',
    noticeTitle: '标题',
    body: '正文',
    link: '链接',
    linkHint: '可选：控制台页面路径（如 /#/jobs）或 http(s) 地址',
    roles: '接收角色',
    users: '接收用户',
    usersHint: '可选：用户名，多个用逗号分隔',
    audienceHint: '未选择角色和用户时，发给系统管理员和运维人员。',
    send: '发布',
    sending: '正在发布…',
    cancel: '取消',
    sent: '通知已发布（编号 {id}）。',
    sendFailed: '无法发布：{message}',
    required: '必填',
    tooLong: '最多 {n} 个字符',
    badLink: '链接须为控制台路径（以 / 开头）或 http(s) 地址',
    INFO: '通知',
    WARNING: '警告',
    CRITICAL: '严重',
    sysadmin: '系统管理员',
    secadmin: '安全管理员',
    auditor: '审计员',
    operator: '运维人员',
    viewer: '财政业务科室',
  },
  en: {
    title: 'Inbox',
    intro: 'Notifications sent to you or to one of your roles: the modules\' alerts and reminders, and notices published by the operations team.',
    all: 'All',
    unread: 'Unread',
    markAllRead: 'Mark all read',
    refresh: 'Refresh',
    loading: 'Loading notifications…',
    loadFailed: 'The notifications could not be loaded: {message}',
    retry: 'Retry',
    empty: 'No notifications.',
    emptyUnread: 'No unread notifications.',
    unreadCount: '{n} unread',
    markRead: 'Mark read',
    marking: 'Marking…',
    open: 'Open',
    source: 'From: {source}',
    more: 'Load older notifications',
    loadingMore: 'Loading…',
    markedAll: { one: '{n} notification marked read.', other: '{n} notifications marked read.' },
    actionFailed: 'That did not work: {message}',
    compose: 'Publish a notice',
    composeTitle: 'Publish a notice',
    composeIntro: 'Publishes a notification to the chosen roles or users; it also goes out through the notification channels as they are set up.',
    severity: 'Severity',
    noticeTitle: 'Title',
    body: 'Text',
    link: 'Link',
    linkHint: 'Optional: a console path (such as /#/jobs) or an http(s) address',
    roles: 'Roles',
    users: 'Users',
    usersHint: 'Optional: user names, separated by commas',
    audienceHint: 'Without roles and users it goes to the system administrators and operators.',
    send: 'Publish',
    sending: 'Publishing…',
    cancel: 'Cancel',
    sent: 'The notice was published (no. {id}).',
    sendFailed: 'The notice could not be published: {message}',
    required: 'Required',
    tooLong: 'At most {n} characters',
    badLink: 'The link is a console path (starting with /) or an http(s) address',
    INFO: 'Info',
    WARNING: 'Warning',
    CRITICAL: 'Critical',
    sysadmin: 'System administrator',
    secadmin: 'Security administrator',
    auditor: 'Auditor',
    operator: 'Operator',
    viewer: 'Finance section viewer',
  },
});

const INBOX_URL = '/api/notify/inbox';
const MESSAGES_URL = '/api/notify/messages';
const PAGE_SIZE = 20;
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];
const ROLES = ['sysadmin', 'operator', 'secadmin', 'auditor', 'viewer'];
const COMPOSE_FIELDS = ['severity', 'title', 'body', 'link', 'roles', 'users'];

function severityOf(message) {
  return SEVERITIES.includes(message?.severity) ? message.severity : 'INFO';
}

/** Where a message's link goes: a console path as the shell's hash route, an http(s) URL as it is. */
function linkOf(message) {
  const link = typeof message.link === 'string' ? message.link : '';
  if (link.startsWith('/') || /^https?:\/\//i.test(link)) {
    return link;
  }
  return '';
}

function emptyCompose() {
  return {
    open: false, busy: false, errors: {}, error: null,
    values: { severity: 'INFO', title: '', body: '', link: '', roles: ['sysadmin', 'operator'], users: '' },
  };
}

class OpsInboxPage extends LitElement {
  static properties = {
    _messages: { state: true },
    _more: { state: true },
    _unread: { state: true },
    _unreadOnly: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _loadingMore: { state: true },
    _marking: { state: true },
    _notice: { state: true },
    _compose: { state: true },
  };

  constructor() {
    super();
    this._messages = null;
    this._more = false;
    this._unread = 0;
    this._unreadOnly = false;
    this._error = null;
    this._loading = false;
    this._loadingMore = false;
    this._marking = new Set();
    this._notice = null;
    this._compose = emptyCompose();
    this._requests = 0;
    this._off = null;
    this._onLangChange = () => this.requestUpdate();
  }

  /** Light DOM, so that the console's shared `.ops-*` styles apply. */
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
    this._off = onConsoleEvent('inbox', () => this._load(true));
    this._load();
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    this._off?.();
    this._off = null;
    super.disconnectedCallback();
  }

  /**
   * Loads the newest messages; `keep` reloads as many as are shown (a live update), instead of the first page.
   */
  async _load(keep = false) {
    const request = ++this._requests;
    const shown = keep && this._messages ? Math.min(100, Math.max(PAGE_SIZE, this._messages.length)) : PAGE_SIZE;
    this._loading = true;
    try {
      const page = await api(`${INBOX_URL}?limit=${shown}${this._unreadOnly ? '&unread=true' : ''}`);
      if (request === this._requests) {
        this._messages = Array.isArray(page?.messages) ? page.messages : [];
        this._more = Boolean(page?.more);
        this._unread = Number(page?.unread) || 0;
        this._error = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole inbox: the notifications could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
      }
    }
  }

  async _loadMore() {
    const last = this._messages?.[this._messages.length - 1];
    if (!last) {
      return;
    }
    const request = ++this._requests;
    this._loadingMore = true;
    try {
      const page = await api(`${INBOX_URL}?limit=${PAGE_SIZE}&before=${encodeURIComponent(last.id)}`
        + `${this._unreadOnly ? '&unread=true' : ''}`);
      if (request === this._requests) {
        const known = new Set(this._messages.map((m) => m.id));
        this._messages = [...this._messages, ...(page?.messages ?? []).filter((m) => !known.has(m.id))];
        this._more = Boolean(page?.more);
        this._unread = Number(page?.unread) || 0;
      }
    } catch (error) {
      if (request === this._requests) {
        this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
      }
    } finally {
      if (request === this._requests) {
        this._loadingMore = false;
      }
    }
  }

  _filter(unreadOnly) {
    if (this._unreadOnly !== unreadOnly) {
      this._unreadOnly = unreadOnly;
      this._messages = null;
      this._load();
    }
  }

  async _markRead(message) {
    this._marking = new Set(this._marking).add(message.id);
    try {
      const answer = await api(`${INBOX_URL}/${encodeURIComponent(message.id)}/read`, { method: 'POST' });
      this._unread = Number(answer?.unread) || 0;
      this._messages = this._unreadOnly
        ? this._messages.filter((m) => m.id !== message.id)
        : this._messages.map((m) => (m.id === message.id ? { ...m, read: true } : m));
    } catch (error) {
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    } finally {
      const marking = new Set(this._marking);
      marking.delete(message.id);
      this._marking = marking;
    }
  }

  async _markAllRead() {
    this._notice = null;
    try {
      const answer = await api(`${INBOX_URL}/read-all`, { method: 'POST' });
      this._notice = { ok: true, text: t('markedAll', { n: formatNumber(answer?.marked ?? 0) }) };
    } catch (error) {
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    }
    await this._load();
  }

  /** Following a message's link marks it read (without waiting for the answer). */
  _follow(message) {
    if (!message.read) {
      this._markRead(message);
    }
  }

  _setCompose(changes) {
    this._compose = { ...this._compose, ...changes };
  }

  _setValue(name, value) {
    const errors = { ...this._compose.errors };
    delete errors[name];
    this._setCompose({ values: { ...this._compose.values, [name]: value }, errors });
  }

  _toggleRole(role, checked) {
    const roles = new Set(this._compose.values.roles);
    if (checked) {
      roles.add(role);
    } else {
      roles.delete(role);
    }
    this._setValue('roles', ROLES.filter((r) => roles.has(r)));
  }

  /** The browser's own checks, as the server makes them; the server checks all again. */
  _check(values) {
    const errors = {};
    if (!values.title.trim()) {
      errors.title = [t('required')];
    } else if (values.title.trim().length > 200) {
      errors.title = [t('tooLong', { n: 200 })];
    }
    if (values.body.length > 4000) {
      errors.body = [t('tooLong', { n: 4000 })];
    }
    const link = values.link.trim();
    if (link && !(link.startsWith('/') || /^https?:\/\/\S+$/i.test(link))) {
      errors.link = [t('badLink')];
    }
    return errors;
  }

  async _send(event) {
    event.preventDefault();
    const values = this._compose.values;
    const errors = this._check(values);
    if (Object.keys(errors).length > 0) {
      this._setCompose({ errors, error: null });
      await this.updateComplete;
      this.querySelector('.ops-inbox-compose [aria-invalid="true"]')?.focus();
      return;
    }
    this._setCompose({ busy: true, errors: {}, error: null });
    const users = values.users.split(/[,，;；\s]+/).map((u) => u.trim()).filter(Boolean);
    try {
      const answer = await api(MESSAGES_URL, {
        method: 'POST',
        json: {
          severity: values.severity, title: values.title.trim(), body: values.body.trim(),
          link: values.link.trim() || null, roles: values.roles, users,
        },
      });
      this._compose = emptyCompose();
      this._notice = { ok: true, text: t('sent', { id: answer?.id ?? '?' }) };
      this._load();
    } catch (error) {
      const byField = fieldErrors(error);
      const known = Object.fromEntries(Object.entries(byField).filter(([field]) => COMPOSE_FIELDS.includes(field)));
      const other = Object.keys(byField).length > Object.keys(known).length || Object.keys(byField).length === 0;
      this._setCompose({ busy: false, errors: known, error: other ? t('sendFailed', { message: problemText(error) }) : null });
      await this.updateComplete;
      this.querySelector('.ops-inbox-compose [aria-invalid="true"]')?.focus();
    }
  }

  render() {
    const mayPublish = hasPermission('notify.operate');
    return html`
      <link rel="stylesheet" href=${new URL('notify.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      <div class="ops-toolbar">
        <div class="ops-segments" role="group" aria-label=${t('title')}>
          <button type="button" aria-pressed=${String(!this._unreadOnly)} data-filter="all"
              @click=${() => this._filter(false)}>${t('all')}</button>
          <button type="button" aria-pressed=${String(this._unreadOnly)} data-filter="unread"
              @click=${() => this._filter(true)}>
            ${t('unread')}<span class="ops-notify-count" data-testid="unread-count">${formatNumber(this._unread)}</span>
          </button>
        </div>
        <span class="ops-toolbar__spacer"></span>
        ${mayPublish ? html`
          <button type="button" class="ops-button" data-testid="compose" aria-expanded=${String(this._compose.open)}
              @click=${() => this._setCompose({ open: !this._compose.open })}>${t('compose')}</button>` : nothing}
        <button type="button" class="ops-button" data-testid="mark-all-read" ?disabled=${this._unread === 0}
            @click=${() => this._markAllRead()}>${t('markAllRead')}</button>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>${t('refresh')}</button>
      </div>
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-notify-notice"
            role=${this._notice.ok ? 'status' : 'alert'} data-testid="inbox-notice">${this._notice.text}</p>` : nothing}
      ${mayPublish && this._compose.open ? this._renderCompose() : nothing}
      ${this._renderMessages()}`;
  }

  _renderMessages() {
    if (this._error && this._messages === null) {
      return html`
        <div class="ops-error" role="alert" data-testid="inbox-error">
          <strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p>
        </div>`;
    }
    if (this._messages === null) {
      return html`<p class="ops-empty" role="status">${t('loading')}</p>`;
    }
    if (this._messages.length === 0) {
      return html`<p class="ops-card ops-empty" data-testid="inbox-empty">${this._unreadOnly ? t('emptyUnread') : t('empty')}</p>`;
    }
    return html`
      <ul class="ops-inbox__list" data-testid="inbox-list" aria-busy=${String(this._loading)}>
        ${this._messages.map((message) => this._renderMessage(message))}
      </ul>
      ${this._more ? html`
        <div class="ops-inbox__more">
          <button type="button" class="ops-button" data-testid="inbox-more" ?disabled=${this._loadingMore}
              @click=${() => this._loadMore()}>${this._loadingMore ? t('loadingMore') : t('more')}</button>
        </div>` : nothing}`;
  }

  _renderMessage(message) {
    const severity = severityOf(message);
    const link = linkOf(message);
    const external = /^https?:\/\//i.test(link);
    const marking = this._marking.has(message.id);
    return html`
      <li class="ops-inbox__item ops-inbox__item--${severity.toLowerCase()} ${message.read ? 'ops-inbox__item--read' : ''}"
          data-message=${message.id} data-read=${String(Boolean(message.read))}>
        <div class="ops-inbox__head">
          ${message.read ? nothing : html`<span class="ops-inbox__unread" title=${t('unread')}></span>
            <span class="ops-visually-hidden">${t('unread')}</span>`}
          <span class="ops-notify-severity ops-notify-severity--${severity.toLowerCase()}">${t(severity)}</span>
          <h2 class="ops-inbox__title">${message.title}</h2>
        </div>
        <div class="ops-inbox__meta">
          ${formatDateTime(message.createdAt)} · <span class="ops-mono">${t('source', { source: message.source })}</span>
        </div>
        ${message.body ? html`<p class="ops-inbox__body">${message.body}</p>` : nothing}
        <div class="ops-inbox__actions">
          ${link ? html`
            <a href=${link} target=${external ? '_blank' : nothing} rel=${external ? 'noopener noreferrer' : nothing}
                data-testid="message-link" @click=${() => this._follow(message)}>${t('open')}</a>` : nothing}
          ${message.read ? nothing : html`
            <button type="button" class="ops-button ops-button--small" data-testid="mark-read" ?disabled=${marking}
                @click=${() => this._markRead(message)}>${marking ? t('marking') : t('markRead')}</button>`}
        </div>
      </li>`;
  }

  _renderField(name, label, control, hint) {
    const errors = this._compose.errors[name] ?? [];
    return html`
      <div class="ops-field">
        <label class="ops-field__label" for="ops-inbox-${name}">${label}</label>
        ${control(errors.length > 0)}
        ${hint ? html`<span class="ops-field__hint" id="ops-inbox-${name}-hint">${hint}</span>` : nothing}
        ${errors.length ? html`<div class="ops-field__error" id="ops-inbox-${name}-error" data-error=${name}>
          ${errors.map((text) => html`<span>${text}</span>`)}</div>` : nothing}
      </div>`;
  }

  _renderCompose() {
    const compose = this._compose;
    const values = compose.values;
    const described = (name, invalid, hint) => [hint ? `ops-inbox-${name}-hint` : '', invalid ? `ops-inbox-${name}-error` : '']
      .filter(Boolean).join(' ') || nothing;
    const roleErrors = compose.errors.roles ?? [];
    return html`
      <section class="ops-card ops-form-card ops-inbox-compose" data-testid="compose-form">
        <h2 class="ops-section-title ops-form-card__title">${t('composeTitle')}</h2>
        <p class="ops-muted">${t('composeIntro')}</p>
        ${compose.error ? html`<p class="ops-error ops-form__error" role="alert">${compose.error}</p>` : nothing}
        <form class="ops-form ops-form--wide" novalidate @submit=${(event) => this._send(event)}>
          ${this._renderField('severity', t('severity'), (invalid) => html`
            <select class="ops-input ops-notify-select" id="ops-inbox-severity" name="severity" aria-invalid=${String(invalid)}
                aria-describedby=${described('severity', invalid)}
                @change=${(event) => this._setValue('severity', event.target.value)}>
              ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${values.severity === s}>${t(s)}</option>`)}
            </select>`)}
          ${this._renderField('title', html`${t('noticeTitle')}<span class="ops-notify-required" aria-hidden="true">*</span>`,
            (invalid) => html`
            <input class="ops-input ops-input--block" id="ops-inbox-title" name="title" maxlength="200" required
                .value=${values.title} aria-invalid=${String(invalid)} aria-describedby=${described('title', invalid)}
                @input=${(event) => this._setValue('title', event.target.value)}>`)}
          ${this._renderField('body', t('body'), (invalid) => html`
            <textarea class="ops-input ops-input--block ops-notify-textarea" id="ops-inbox-body" name="body" maxlength="4000"
                .value=${values.body} aria-invalid=${String(invalid)} aria-describedby=${described('body', invalid)}
                @input=${(event) => this._setValue('body', event.target.value)}></textarea>`)}
          ${this._renderField('link', t('link'), (invalid) => html`
            <input class="ops-input ops-input--block" id="ops-inbox-link" name="link" maxlength="500" placeholder="/#/jobs"
                .value=${values.link} aria-invalid=${String(invalid)} aria-describedby=${described('link', invalid, true)}
                @input=${(event) => this._setValue('link', event.target.value)}>`, t('linkHint'))}
          <fieldset class="ops-checks ops-checks--compact" aria-describedby="ops-inbox-audience-hint">
            <legend class="ops-field__label">${t('roles')}</legend>
            ${ROLES.map((role) => html`
              <label class="ops-check">
                <input type="checkbox" name="roles" value=${role} .checked=${values.roles.includes(role)}
                    @change=${(event) => this._toggleRole(role, event.target.checked)}>
                <span>${t(role)}</span>
              </label>`)}
            ${roleErrors.length ? html`<div class="ops-field__error" data-error="roles">
              ${roleErrors.map((text) => html`<span>${text}</span>`)}</div>` : nothing}
          </fieldset>
          ${this._renderField('users', t('users'), (invalid) => html`
            <input class="ops-input ops-input--block" id="ops-inbox-users" name="users" autocapitalize="none" spellcheck="false"
                .value=${values.users} aria-invalid=${String(invalid)} aria-describedby=${described('users', invalid, true)}
                @input=${(event) => this._setValue('users', event.target.value)}>`, t('usersHint'))}
          <p class="ops-field__hint" id="ops-inbox-audience-hint">${t('audienceHint')}</p>
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" ?disabled=${compose.busy}>
              ${compose.busy ? t('sending') : t('send')}</button>
            <button type="button" class="ops-button" @click=${() => { this._compose = emptyCompose(); }}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }
}

if (!customElements.get('ops-inbox-page')) {
  customElements.define('ops-inbox-page', OpsInboxPage);
}
