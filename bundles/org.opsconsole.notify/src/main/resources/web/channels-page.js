/**
 * `<ops-notify-channels-page>`: the Notification channels page (通知渠道). The channels operators configured, with
 * their kind, state, minimum severity and how many deliveries wait or failed (`GET /api/notify/channels`); for users
 * with `notify.configure`, adding and changing channels with a form made from the kind's settings
 * (`GET /api/notify/channel-types`; secrets as password inputs that show only whether one is set), enabling and
 * disabling, removing after a confirmation, and sending a test message (`POST /api/notify/channels/<id>/test`) whose
 * outcome is shown with the receiver's answer. The form checks what a browser can before sending, and shows the
 * server's field errors next to the fields.
 */
import { LitElement, html, nothing } from 'lit';
import {
  api, bilingual, fieldErrors, formatDateTime, formatNumber, hasPermission, localized, messages, problemText,
} from 'opsconsole';
import { readSettings, renderSettings, settingValues, storedSecrets } from 'opsconsole/pages';

const t = messages({
  'zh-CN': {
    title: '通知渠道',
    intro: '通知除在控制台“通知”中显示外，还按这里配置的渠道（邮件、Webhook、企业微信、钉钉、飞书机器人等）发送。每个渠道只发送达到其最低级别的通知；发送失败会按递增的间隔自动重试。',
    add: '添加渠道',
    refresh: '刷新',
    loading: '正在加载通知渠道…',
    loadFailed: '无法加载通知渠道：{message}',
    retry: '重试',
    empty: '还没有配置通知渠道。通知目前只显示在控制台中。',
    noKinds: '当前没有已安装的渠道类型，无法添加渠道。',
    count: '共 {n} 个渠道',
    name: '名称',
    kind: '类型',
    state: '状态',
    minSeverity: '最低级别',
    deliveries: '投递',
    updated: '修改时间',
    actions: '操作',
    enabled: '已启用',
    disabled: '已停用',
    notInstalled: '类型未安装',
    notInstalledHint: '该渠道类型的组件包未运行，其投递将等待其恢复。',
    pending: '{n} 条待投递',
    failed: '{n} 条失败',
    none: '—',
    edit: '编辑',
    enable: '启用',
    disable: '停用',
    test: '发送测试消息',
    testing: '正在发送…',
    testSent: '测试消息已送达',
    testFailed: '测试消息未送达：{message}',
    delete: '删除',
    confirmDelete: '确定删除渠道“{name}”吗？其待投递的 {n} 条通知将不再发送（投递记录会保留）。',
    confirmDeleteNone: '确定删除渠道“{name}”吗？投递记录会保留。',
    confirm: '确定删除',
    cancel: '取消',
    deleted: '已删除渠道“{name}”。',
    saved: '已保存渠道“{name}”。',
    created: '已添加渠道“{name}”。',
    actionFailed: '操作失败：{message}',
    formAdd: '添加通知渠道',
    formEdit: '编辑通知渠道“{name}”',
    type: '渠道类型',
    chooseType: '请选择…',
    id: '编号',
    idHint: '可选：小写字母、数字和连字符，模块发送通知时可用它指定渠道；留空则自动生成（如 wecom-1）。创建后不能修改。',
    channelName: '名称',
    nameHint: '如“运维中心企业微信群”',
    minSeverityHint: '模块未指定渠道时，只有达到此级别的通知才经本渠道发送。',
    enabledLabel: '启用此渠道',
    settings: '渠道设置',
    settingsUnavailable: '该渠道类型当前未安装，无法修改其设置；名称、级别和启用状态仍可修改。',
    save: '保存',
    saving: '正在保存…',
    required: '必填',
    badId: '编号须为小写字母、数字或连字符，以字母或数字开头，最多 63 个字符',
    tooLong: '最多 {n} 个字符',
    checkFields: '请检查标出的字段。',
    INFO: '通知及以上',
    WARNING: '警告及以上',
    CRITICAL: '仅严重',
    toLog: '查看投递记录',
  },
  en: {
    title: 'Notification channels',
    intro: 'Besides the console\'s inbox, notifications go out through the channels configured here (e-mail, webhooks, WeCom, DingTalk and Feishu robots ...). Each channel sends only the notifications that reach its minimum severity; failed deliveries are retried at growing intervals.',
    add: 'Add a channel',
    refresh: 'Refresh',
    loading: 'Loading notification channels…',
    loadFailed: 'The notification channels could not be loaded: {message}',
    retry: 'Retry',
    empty: 'No notification channels are configured. Notifications show in the console only.',
    noKinds: 'No kind of channel is installed: channels cannot be added.',
    count: { one: '{n} channel', other: '{n} channels' },
    name: 'Name',
    kind: 'Kind',
    state: 'State',
    minSeverity: 'Minimum severity',
    deliveries: 'Deliveries',
    updated: 'Changed',
    actions: 'Actions',
    enabled: 'Enabled',
    disabled: 'Disabled',
    notInstalled: 'Kind not installed',
    notInstalledHint: 'The bundle of this kind of channel is not running; its deliveries wait for it.',
    pending: '{n} waiting',
    failed: '{n} failed',
    none: '—',
    edit: 'Edit',
    enable: 'Enable',
    disable: 'Disable',
    test: 'Send a test message',
    testing: 'Sending…',
    testSent: 'The test message was delivered',
    testFailed: 'The test message was not delivered: {message}',
    delete: 'Remove',
    confirmDelete: {
      one: 'Remove the channel "{name}"? Its {n} waiting notification will not be sent (the delivery log keeps it).',
      other: 'Remove the channel "{name}"? Its {n} waiting notifications will not be sent (the delivery log keeps them).',
    },
    confirmDeleteNone: 'Remove the channel "{name}"? The delivery log keeps its deliveries.',
    confirm: 'Remove',
    cancel: 'Cancel',
    deleted: 'The channel "{name}" was removed.',
    saved: 'The channel "{name}" was saved.',
    created: 'The channel "{name}" was added.',
    actionFailed: 'That did not work: {message}',
    formAdd: 'Add a notification channel',
    formEdit: 'Edit the notification channel "{name}"',
    type: 'Kind of channel',
    chooseType: 'Choose…',
    id: 'Id',
    idHint: 'Optional: lower-case letters, digits and hyphens; modules name the channel by it. Left empty, one is made (such as wecom-1). It cannot be changed later.',
    channelName: 'Name',
    nameHint: 'Such as "Operations centre WeCom group"',
    minSeverityHint: 'When a module names no channels, only notifications of at least this severity go through this channel.',
    enabledLabel: 'Enable this channel',
    settings: 'Channel settings',
    settingsUnavailable: 'This kind of channel is not installed now: its settings cannot be changed; its name, severity and state can.',
    save: 'Save',
    saving: 'Saving…',
    required: 'Required',
    badId: 'The id is lower-case letters, digits or hyphens, starting with a letter or digit, at most 63 characters',
    tooLong: 'At most {n} characters',
    checkFields: 'Please check the marked fields.',
    INFO: 'Info and above',
    WARNING: 'Warning and above',
    CRITICAL: 'Critical only',
    toLog: 'Open the delivery log',
  },
});

const CHANNELS_URL = '/api/notify/channels';
const TYPES_URL = '/api/notify/channel-types';
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FORM_FIELDS = ['type', 'id', 'name', 'minSeverity', 'enabled'];

function channelUrl(id, rest = '') {
  return `${CHANNELS_URL}/${encodeURIComponent(id)}${rest}`;
}

class OpsNotifyChannelsPage extends LitElement {
  static properties = {
    _channels: { state: true },
    _types: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _form: { state: true },
    _confirming: { state: true },
    _busy: { state: true },
    _results: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._channels = null;
    this._types = [];
    this._error = null;
    this._loading = false;
    /**
     * The open form, null when none: `{mode: 'create'|'edit', channel, type, values, settings, secrets, errors,
     * error, busy}`; settings are the values typed by setting name, secrets the names of the secrets stored (null
     * for a new channel).
     */
    this._form = null;
    this._confirming = null;
    /** Channel ids with a request under way. */
    this._busy = new Set();
    /** The last test message's outcome by channel id: `{ok, text}`. */
    this._results = new Map();
    this._notice = null;
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
    this._loading = true;
    try {
      const [channels, types] = await Promise.all([api(CHANNELS_URL), api(TYPES_URL)]);
      if (request === this._requests) {
        this._channels = Array.isArray(channels?.channels) ? channels.channels : [];
        this._types = Array.isArray(types?.types) ? types.types : [];
        this._error = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole channels: the channels could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
      }
    }
  }

  _kind(type) {
    return this._types.find((kind) => kind.type === type) ?? null;
  }

  _setBusy(id, busy) {
    const next = new Set(this._busy);
    if (busy) {
      next.add(id);
    } else {
      next.delete(id);
    }
    this._busy = next;
  }

  // ---------------------------------------------------------------- the form

  _openCreate() {
    const type = this._types.length === 1 ? this._types[0].type : '';
    this._notice = null;
    this._form = {
      mode: 'create', channel: null, type,
      values: { id: '', name: '', minSeverity: 'WARNING', enabled: true },
      settings: this._defaults(type), secrets: null, errors: {}, error: null, busy: false,
    };
    this._focusForm();
  }

  _openEdit(channel) {
    this._notice = null;
    this._form = {
      mode: 'edit', channel, type: channel.type,
      values: { id: channel.id, name: channel.name, minSeverity: channel.minSeverity, enabled: channel.enabled },
      settings: settingValues(this._kind(channel.type)?.fields ?? [], channel.settings),
      secrets: storedSecrets(channel.settings), errors: {}, error: null, busy: false,
    };
    this._focusForm();
  }

  async _focusForm() {
    await this.updateComplete;
    const form = this.querySelector('[data-testid="channel-form"]');
    form?.scrollIntoView?.({ block: 'nearest' });
    form?.querySelector('select, input')?.focus();
  }

  _defaults(type) {
    return settingValues(this._kind(type)?.fields ?? [], null);
  }

  _closeForm() {
    this._form = null;
  }

  _setValue(name, value) {
    const errors = { ...this._form.errors };
    delete errors[name];
    this._form = { ...this._form, values: { ...this._form.values, [name]: value }, errors };
  }

  _setType(type) {
    const errors = { ...this._form.errors };
    delete errors.type;
    for (const key of Object.keys(errors)) {
      if (key === 'settings' || key.startsWith('settings.')) {
        delete errors[key];
      }
    }
    this._form = { ...this._form, type, settings: this._defaults(type), errors };
  }

  _setSetting(name, value) {
    const errors = { ...this._form.errors };
    delete errors[`settings.${name}`];
    this._form = { ...this._form, settings: { ...this._form.settings, [name]: value }, errors };
  }

  /** What a browser can check, as the server does; the server checks everything again. */
  _check(form, kind) {
    const errors = {};
    const add = (field, text) => {
      (errors[field] ??= []).push(text);
    };
    if (form.mode === 'create') {
      if (!form.type) {
        add('type', t('required'));
      }
      const id = form.values.id.trim();
      if (id && !ID_PATTERN.test(id)) {
        add('id', t('badId'));
      }
    }
    const name = form.values.name.trim();
    if (!name) {
      add('name', t('required'));
    } else if (name.length > 100) {
      add('name', t('tooLong', { n: 100 }));
    }
    return { ...errors, ...readSettings(kind?.fields ?? [], form.settings, form.secrets).errors };
  }

  /** The request body: every setting of the kind, except secrets left empty (the stored one stays). */
  _body(form, kind) {
    const body = {
      name: form.values.name.trim(),
      minSeverity: form.values.minSeverity,
      enabled: Boolean(form.values.enabled),
    };
    if (form.mode === 'create') {
      body.type = form.type;
      if (form.values.id.trim()) {
        body.id = form.values.id.trim();
      }
    }
    if (kind) {
      body.settings = readSettings(kind.fields, form.settings, form.secrets).settings;
    }
    return body;
  }

  async _save(event) {
    event.preventDefault();
    const form = this._form;
    const kind = this._kind(form.type);
    const errors = this._check(form, kind);
    if (Object.keys(errors).length > 0) {
      this._form = { ...form, errors, error: t('checkFields') };
      this._focusInvalid();
      return;
    }
    this._form = { ...form, errors: {}, error: null, busy: true };
    try {
      const saved = form.mode === 'create'
        ? await api(CHANNELS_URL, { method: 'POST', json: this._body(form, kind) })
        : await api(channelUrl(form.channel.id), { method: 'PUT', json: this._body(form, kind) });
      this._form = null;
      this._notice = { ok: true, text: t(form.mode === 'create' ? 'created' : 'saved', { name: saved?.name ?? '' }) };
      await this._load();
    } catch (error) {
      const byField = fieldErrors(error);
      // the settings' fields show their own errors, and those of the settings as a whole above them
      const fields = kind?.fields ?? [];
      const settingNames = new Set(fields.length ? ['settings', ...fields.map((field) => `settings.${field.name}`)] : []);
      const shown = Object.keys(byField).filter((field) => FORM_FIELDS.includes(field) || settingNames.has(field));
      const rest = Object.entries(byField).filter(([field]) => !shown.includes(field))
        .map(([, texts]) => texts.join(' ')).join(' ');
      this._form = {
        ...this._form, busy: false,
        errors: Object.fromEntries(shown.map((field) => [field, byField[field]])),
        error: shown.length > 0 && !rest ? t('checkFields') : [rest, problemText(error)].filter(Boolean).join(' '),
      };
      this._focusInvalid();
    }
  }

  async _focusInvalid() {
    await this.updateComplete;
    this.querySelector('[data-testid="channel-form"] [aria-invalid="true"]')?.focus();
  }

  // ------------------------------------------------------- actions on a row

  async _setEnabled(channel, enabled) {
    this._setBusy(channel.id, true);
    this._notice = null;
    try {
      await api(channelUrl(channel.id), { method: 'PUT', json: { enabled } });
      await this._load();
    } catch (error) {
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    } finally {
      this._setBusy(channel.id, false);
    }
  }

  async _test(channel) {
    this._setBusy(channel.id, true);
    const results = new Map(this._results);
    results.delete(channel.id);
    this._results = results;
    let result;
    try {
      await api(channelUrl(channel.id, '/test'), { method: 'POST' });
      result = { ok: true, text: t('testSent') };
    } catch (error) {
      // the receiver's answer in the current language (both in the tooltip): what an operator needs to fix the settings
      result = { ok: false, text: t('testFailed', { message: bilingual(error?.detail) || problemText(error) }),
        full: error?.detail };
    } finally {
      this._setBusy(channel.id, false);
    }
    this._results = new Map(this._results).set(channel.id, result);
    this._load();
  }

  async _delete(channel) {
    this._setBusy(channel.id, true);
    this._notice = null;
    try {
      await api(channelUrl(channel.id), { method: 'DELETE' });
      this._confirming = null;
      if (this._form?.channel?.id === channel.id) {
        this._form = null;
      }
      this._notice = { ok: true, text: t('deleted', { name: channel.name }) };
      await this._load();
    } catch (error) {
      this._notice = { ok: false, text: t('actionFailed', { message: problemText(error) }) };
    } finally {
      this._setBusy(channel.id, false);
    }
  }

  // ----------------------------------------------------------------- render

  render() {
    const mayConfigure = hasPermission('notify.configure');
    return html`
      <link rel="stylesheet" href=${new URL('notify.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._notice ? html`
        <p class="ops-notice ${this._notice.ok ? 'ops-notice--ok' : 'ops-notice--warn'} ops-notify-notice"
            role=${this._notice.ok ? 'status' : 'alert'} data-testid="channels-notice">${this._notice.text}</p>` : nothing}
      ${this._error ? html`
        <div class="ops-error" role="alert" data-testid="channels-error">
          <strong>${t('loadFailed', { message: problemText(this._error) })}</strong>
          <p><button type="button" class="ops-button ops-button--small" @click=${() => this._load()}>${t('retry')}</button></p>
        </div>` : nothing}
      ${this._channels === null
        ? (this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`)
        : html`
          <div class="ops-toolbar">
            <span class="ops-muted" data-testid="channels-count">${t('count', { n: formatNumber(this._channels.length) })}</span>
            <span class="ops-toolbar__spacer"></span>
            <a class="ops-button" href="#/notify-deliveries">${t('toLog')}</a>
            <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>${t('refresh')}</button>
            ${mayConfigure ? html`
              <button type="button" class="ops-button ops-button--primary" data-testid="add-channel"
                  ?disabled=${this._types.length === 0 || this._form?.mode === 'create'}
                  title=${this._types.length === 0 ? t('noKinds') : nothing}
                  @click=${() => this._openCreate()}>${t('add')}</button>` : nothing}
          </div>
          ${mayConfigure && this._types.length === 0 ? html`<p class="ops-notice ops-notice--warn">${t('noKinds')}</p>` : nothing}
          ${this._form ? this._renderForm() : nothing}
          ${this._renderTable(mayConfigure)}`}`;
  }

  _renderTable(mayConfigure) {
    const channels = this._channels;
    return html`
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="channels-table" aria-busy=${String(this._loading)}>
          <thead>
            <tr>
              <th>${t('name')}</th>
              <th>${t('kind')}</th>
              <th>${t('state')}</th>
              <th>${t('minSeverity')}</th>
              <th>${t('deliveries')}</th>
              <th>${t('updated')}</th>
              ${mayConfigure ? html`<th>${t('actions')}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${channels.length === 0
              ? html`<tr><td class="ops-empty" colspan=${mayConfigure ? 7 : 6}>${t('empty')}</td></tr>`
              : channels.map((channel) => this._renderRow(channel, mayConfigure))}
          </tbody>
        </table>
      </div>`;
  }

  _renderRow(channel, mayConfigure) {
    const busy = this._busy.has(channel.id);
    const result = this._results.get(channel.id);
    const confirming = this._confirming === channel.id;
    return html`
      <tr data-channel=${channel.id}>
        <td class="ops-notify-name">
          <strong>${channel.name}</strong>
          <span class="ops-table__secondary ops-table__mono">${channel.id}</span>
        </td>
        <td class="ops-notify-kind">
          ${channel.typeTitle ? localized(channel.typeTitle) : html`<span class="ops-mono">${channel.type}</span>`}
          ${channel.installed ? nothing : html`
            <span class="ops-badge ops-badge--warn" title=${t('notInstalledHint')} data-testid="not-installed">${t('notInstalled')}</span>`}
        </td>
        <td>
          <span class="ops-badge ${channel.enabled ? 'ops-badge--ok' : 'ops-badge--muted'}" data-testid="channel-state">
            ${channel.enabled ? t('enabled') : t('disabled')}</span>
        </td>
        <td class="ops-nowrap">${t(channel.minSeverity)}</td>
        <td>
          ${channel.pending > 0 || channel.failed > 0 ? html`
            <a href="#/notify-deliveries" class="ops-notify-counts">
              ${channel.pending > 0 ? html`<span class="ops-badge ops-badge--warn">${t('pending', { n: formatNumber(channel.pending) })}</span>` : nothing}
              ${channel.failed > 0 ? html`<span class="ops-badge ops-badge--error">${t('failed', { n: formatNumber(channel.failed) })}</span>` : nothing}
            </a>` : html`<span class="ops-muted">${t('none')}</span>`}
        </td>
        <td class="ops-nowrap">${formatDateTime(channel.updatedAt)}</td>
        ${mayConfigure ? html`
          <td>
            ${confirming ? html`
              <div class="ops-actions ops-actions--confirm" role="group">
                <span>${channel.pending > 0 ? t('confirmDelete', { name: channel.name, n: formatNumber(channel.pending) })
                  : t('confirmDeleteNone', { name: channel.name })}</span>
                <button type="button" class="ops-button ops-button--small ops-button--danger" data-testid="confirm-delete"
                    ?disabled=${busy} @click=${() => this._delete(channel)}>${t('confirm')}</button>
                <button type="button" class="ops-button ops-button--small" @click=${() => { this._confirming = null; }}>
                  ${t('cancel')}</button>
              </div>` : html`
              <div class="ops-actions">
                <button type="button" class="ops-button ops-button--small" data-testid="edit-channel" ?disabled=${busy}
                    @click=${() => this._openEdit(channel)}>${t('edit')}</button>
                <button type="button" class="ops-button ops-button--small" data-testid="toggle-channel" ?disabled=${busy}
                    @click=${() => this._setEnabled(channel, !channel.enabled)}>${channel.enabled ? t('disable') : t('enable')}</button>
                <button type="button" class="ops-button ops-button--small" data-testid="test-channel"
                    ?disabled=${busy || !channel.installed} @click=${() => this._test(channel)}>
                  ${busy ? t('testing') : t('test')}</button>
                <button type="button" class="ops-button ops-button--small" data-testid="delete-channel" ?disabled=${busy}
                    @click=${() => { this._confirming = channel.id; }}>${t('delete')}</button>
              </div>`}
            ${result ? html`
              <span class="ops-notify-result ${result.ok ? 'ops-notify-result--ok' : 'ops-notify-result--error'}"
                  role=${result.ok ? 'status' : 'alert'} title=${result.full || nothing} data-testid="test-result"
                  data-ok=${String(result.ok)}>${result.text}</span>`
              : nothing}
          </td>` : nothing}
      </tr>`;
  }

  _errorsOf(field) {
    return this._form.errors[field] ?? [];
  }

  _renderErrors(field, id) {
    const errors = this._errorsOf(field);
    return errors.length ? html`<div class="ops-field__error" id=${id} data-error=${field}>
      ${errors.map((text) => html`<span>${text}</span>`)}</div>` : nothing;
  }

  _describedBy(...ids) {
    const list = ids.filter(Boolean);
    return list.length ? list.join(' ') : nothing;
  }

  _renderForm() {
    const form = this._form;
    const kind = this._kind(form.type);
    const creating = form.mode === 'create';
    const typeErrors = this._errorsOf('type');
    const idErrors = this._errorsOf('id');
    const nameErrors = this._errorsOf('name');
    return html`
      <section class="ops-card ops-form-card" data-testid="channel-form" data-mode=${form.mode}>
        <h2 class="ops-section-title ops-form-card__title">
          ${creating ? t('formAdd') : t('formEdit', { name: form.channel.name })}</h2>
        ${form.error ? html`<p class="ops-error ops-form__error" role="alert" data-testid="form-error">${form.error}</p>` : nothing}
        <form class="ops-form ops-form--wide" novalidate @submit=${(event) => this._save(event)}>
          ${creating ? html`
            <div class="ops-field">
              <label class="ops-field__label" for="ops-channel-type">${t('type')}<span class="ops-notify-required" aria-hidden="true">*</span></label>
              <select class="ops-input ops-input--block" id="ops-channel-type" name="type" required
                  aria-invalid=${String(typeErrors.length > 0)} aria-describedby=${this._describedBy(typeErrors.length && 'ops-channel-type-error')}
                  @change=${(event) => this._setType(event.target.value)}>
                <option value="" ?selected=${!form.type}>${t('chooseType')}</option>
                ${this._types.map((type) => html`
                  <option value=${type.type} ?selected=${form.type === type.type}>${localized(type.title)}</option>`)}
              </select>
              ${this._renderErrors('type', 'ops-channel-type-error')}
            </div>
            <div class="ops-field">
              <label class="ops-field__label" for="ops-channel-id">${t('id')}</label>
              <input class="ops-input ops-input--block ops-mono" id="ops-channel-id" name="id" maxlength="63" autocapitalize="none"
                  spellcheck="false" placeholder=${form.type ? `${form.type}-1` : ''} .value=${form.values.id}
                  aria-invalid=${String(idErrors.length > 0)}
                  aria-describedby=${this._describedBy('ops-channel-id-hint', idErrors.length && 'ops-channel-id-error')}
                  @input=${(event) => this._setValue('id', event.target.value)}>
              <span class="ops-field__hint" id="ops-channel-id-hint">${t('idHint')}</span>
              ${this._renderErrors('id', 'ops-channel-id-error')}
            </div>` : html`
            <dl class="ops-facts">
              <dt>${t('type')}</dt>
              <dd>${kind ? localized(kind.title) : html`<span class="ops-mono">${form.type}</span>
                <span class="ops-badge ops-badge--warn">${t('notInstalled')}</span>`}</dd>
              <dt>${t('id')}</dt>
              <dd class="ops-mono">${form.channel.id}</dd>
            </dl>`}
          <div class="ops-field">
            <label class="ops-field__label" for="ops-channel-name">${t('channelName')}<span class="ops-notify-required" aria-hidden="true">*</span></label>
            <input class="ops-input ops-input--block" id="ops-channel-name" name="name" maxlength="100" required
                placeholder=${t('nameHint')} .value=${form.values.name} aria-invalid=${String(nameErrors.length > 0)}
                aria-describedby=${this._describedBy(nameErrors.length && 'ops-channel-name-error')}
                @input=${(event) => this._setValue('name', event.target.value)}>
            ${this._renderErrors('name', 'ops-channel-name-error')}
          </div>
          <div class="ops-field">
            <label class="ops-field__label" for="ops-channel-severity">${t('minSeverity')}</label>
            <select class="ops-input ops-notify-select" id="ops-channel-severity" name="minSeverity" aria-describedby="ops-channel-severity-hint"
                aria-invalid=${String(this._errorsOf('minSeverity').length > 0)}
                @change=${(event) => this._setValue('minSeverity', event.target.value)}>
              ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${form.values.minSeverity === s}>${t(s)}</option>`)}
            </select>
            <span class="ops-field__hint" id="ops-channel-severity-hint">${t('minSeverityHint')}</span>
            ${this._renderErrors('minSeverity', 'ops-channel-severity-error')}
          </div>
          <label class="ops-check">
            <input type="checkbox" name="enabled" .checked=${Boolean(form.values.enabled)}
                @change=${(event) => this._setValue('enabled', event.target.checked)}>
            <span>${t('enabledLabel')}</span>
          </label>
          ${this._renderSettings(form, kind)}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" data-testid="save-channel" ?disabled=${form.busy}>
              ${form.busy ? t('saving') : t('save')}</button>
            <button type="button" class="ops-button" @click=${() => this._closeForm()}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }

  _renderSettings(form, kind) {
    if (!form.type) {
      return nothing;
    }
    if (!kind) {
      return html`<p class="ops-notice ops-notice--warn">${t('settingsUnavailable')}</p>`;
    }
    return renderSettings(kind.fields, form.settings, {
      prefix: 'channel', legend: t('settings'), errors: form.errors, secrets: form.secrets,
      onInput: (name, value) => this._setSetting(name, value),
    });
  }
}

if (!customElements.get('ops-notify-channels-page')) {
  customElements.define('ops-notify-channels-page', OpsNotifyChannelsPage);
}
