/**
 * `<ops-monitoring-targets-page>`: the Targets page (监控目标). The monitored targets with their kind, interval, labels,
 * state and whether they are enabled (`GET /api/monitoring/targets`); for users with `monitoring.configure`, a form to
 * create or change one whose settings are those its kind declares (`GET /api/monitoring/kinds`: text, address, secret,
 * number, yes/no; a secret left empty keeps the stored one), "Test" that probes the form's target once without saving
 * (`POST /api/monitoring/targets/test`) and shows the result and its samples, and deleting with confirmation.
 * `#/monitoring-targets/edit/<id>` opens a target's form directly.
 */
import { html, nothing } from 'lit';
import { bilingual, hasPermission, localized } from 'opsconsole';
import {
  API, MonitoringPage, PERMISSIONS, api, confirmDialog, formErrors, formatNumber, formatValue, labelsText,
  metricTitle, pageMessages, parseLabels, renderField, renderTable, stateBadge,
} from './monitoring-common.js';

const t = pageMessages({
  'zh-CN': {
    title: '监控目标',
    intro: '被监控的对象：网站与接口、端口、数据库、控制台主机、Prometheus 指标端点、模拟平台登录日志等。每个目标按设定的间隔探测，结果存为时间序列。',
    readOnly: '您没有配置监控目标的权限，本页只读。',
    newTarget: '新建目标',
    none: '尚未配置监控目标。',
    name: '名称', kind: '类型', interval: '间隔', labels: '标签', status: '状态', enabled: '启用', actions: '操作',
    chooseKind: '请选择类型',
    intervalSeconds: '探测间隔（秒）',
    timeoutSeconds: '超时（秒）',
    labelsField: '标签',
    settings: '设置',
    enabledLabel: '启用此目标（停用后不再探测）',
    secretSet: '已设置',
    secretNotSet: '未设置',
    secretKeep: '留空则保留已保存的值',
    test: '测试',
    testing: '正在测试…',
    testTitle: '测试结果（未保存）',
    testUp: '探测成功',
    testDown: '探测失败',
    testDuration: '耗时 {ms} ms',
    samples: '采集到的指标',
    noSamples: '没有采集到指标。',
    metric: '指标', value: '值',
    editTitle: '修改目标“{name}”',
    createTitle: '新建监控目标',
    saved: '已保存目标“{name}”。',
    deleted: '已删除目标“{name}”。',
    deleteTitle: '删除目标“{name}”',
    deleteText: '该目标的时间序列、探测记录和告警都将删除，此操作不能撤销。',
    kindMissing: '类型“{kind}”的探测模块当前未运行，无法修改设置。',
    seconds: '{n} 秒',
    notFound: '没有编号为 {id} 的目标。',
    badWhole: '请输入正整数',
    badNumber: '请输入数字',
    badUrl: '请输入以 http:// 或 https:// 开头的地址',
    requiredField: '必填',
    yes: '是',
    no: '否',
    detail: '详情',
  },
  en: {
    title: 'Targets',
    intro: 'What is monitored: web sites and APIs, ports, databases, the console host, Prometheus endpoints, the sandbox platform\'s login log and more. Each target is probed at its interval and its results kept as time series.',
    readOnly: 'You may not configure targets: this page is read-only.',
    newTarget: 'New target',
    none: 'No monitoring targets yet.',
    name: 'Name', kind: 'Kind', interval: 'Interval', labels: 'Labels', status: 'Status', enabled: 'Enabled', actions: 'Actions',
    chooseKind: 'Choose a kind',
    intervalSeconds: 'Interval (seconds)',
    timeoutSeconds: 'Timeout (seconds)',
    labelsField: 'Labels',
    settings: 'Settings',
    enabledLabel: 'This target is enabled (a disabled one is not probed)',
    secretSet: 'set',
    secretNotSet: 'not set',
    secretKeep: 'Leave empty to keep the stored value',
    test: 'Test',
    testing: 'Testing…',
    testTitle: 'Test result (not saved)',
    testUp: 'Probe succeeded',
    testDown: 'Probe failed',
    testDuration: '{ms} ms',
    samples: 'Samples',
    noSamples: 'No samples.',
    metric: 'Metric', value: 'Value',
    editTitle: 'Change the target "{name}"',
    createTitle: 'New monitoring target',
    saved: 'The target "{name}" was saved.',
    deleted: 'The target "{name}" was deleted.',
    deleteTitle: 'Delete the target "{name}"',
    deleteText: 'Its time series, probe results and alerts are deleted with it. This cannot be undone.',
    kindMissing: 'The probe module for the kind "{kind}" is not running: the settings cannot be changed.',
    seconds: '{n} s',
    notFound: 'There is no target {id}.',
    badWhole: 'Enter a whole number above 0',
    badNumber: 'Enter a number',
    badUrl: 'Enter an address starting with http:// or https://',
    requiredField: 'Required',
    yes: 'Yes',
    no: 'No',
    detail: 'Details',
  },
});

/** The form's values for a target, or for a new one. */
function formValues(target, kinds) {
  const x = target ?? {};
  const kind = x.kind ?? '';
  const settings = {};
  const fields = kinds.find((k) => k.kind === kind)?.fields ?? [];
  for (const field of fields) {
    const value = x.settings?.[field.name];
    settings[field.name] = field.kind === 'SECRET' ? '' : value === null || value === undefined
      ? (field.kind === 'BOOLEAN' ? 'false' : '') : String(value);
  }
  return {
    name: x.name ?? '',
    kind,
    settings,
    labels: labelsText(x.labels),
    intervalSeconds: String(x.intervalSeconds ?? 60),
    timeoutSeconds: String(x.timeoutSeconds ?? 10),
    enabled: x.enabled ?? true,
  };
}

class OpsMonitoringTargetsPage extends MonitoringPage {
  static properties = {
    _form: { state: true },
  };

  constructor() {
    super();
    /** The open form: `{target (null when new), values, errors, error, busy, testing, test}`, or null. */
    this._form = null;
    this._kinds = [];
    this._onHashChange = () => this._openFromHash();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    super.disconnectedCallback();
  }

  async fetchData() {
    const [targets, kinds] = await Promise.all([api(`${API}/targets`), api(`${API}/kinds`)]);
    this._kinds = Array.isArray(kinds) ? kinds : [];
    return Array.isArray(targets) ? targets : [];
  }

  updated(changed) {
    if (changed.has('data') && this.data) {
      this._openFromHash();
    }
  }

  _openFromHash() {
    const match = /^#\/monitoring-targets\/edit\/([^/?]+)/.exec(window.location.hash);
    if (!match || !this.data || !hasPermission(PERMISSIONS.CONFIGURE)) {
      return;
    }
    const id = decodeURIComponent(match[1]);
    const target = this.data.find((x) => String(x.id) === id);
    if (!target) {
      this.notice = { ok: false, text: t('notFound', { id }) };
    } else if (String(this._form?.target?.id) !== id) {
      this._open(target);
    }
  }

  _kind(kind) {
    return this._kinds.find((k) => k.kind === kind) ?? null;
  }

  _kindTitle(x) {
    const kind = this._kind(x.kind);
    return localized({ 'zh-CN': x.kindTitle ?? kind?.title, en: x.kindTitleEn ?? kind?.titleEn }) || x.kind;
  }

  _open(target) {
    this.notice = null;
    this._form = {
      target, values: formValues(target, this._kinds), secrets: new Set(target?.secretsSet ?? []),
      errors: {}, error: null, busy: false, testing: false, test: null,
    };
    this.updateComplete.then(() => this.querySelector('#ops-target-name')?.focus());
  }

  _close() {
    this._form = null;
    if (window.location.hash.startsWith('#/monitoring-targets/')) {
      history.replaceState(null, '', '#/monitoring-targets');
    }
  }

  _set(field, value) {
    const errors = { ...this._form.errors };
    delete errors[field];
    let values = { ...this._form.values, [field]: value };
    if (field === 'kind') {
      values = { ...formValues({ ...values, settings: {} }, this._kinds), name: values.name, labels: values.labels,
        intervalSeconds: values.intervalSeconds, timeoutSeconds: values.timeoutSeconds, enabled: values.enabled };
    }
    this._form = { ...this._form, values, errors };
  }

  _setSetting(name, value) {
    const errors = { ...this._form.errors };
    delete errors[`settings.${name}`];
    this._form = { ...this._form, values: { ...this._form.values, settings: { ...this._form.values.settings, [name]: value } }, errors };
  }

  /** The request body, and the errors a browser can find itself. */
  _body() {
    const v = this._form.values;
    const errors = {};
    const required = t('requiredField');
    if (!v.name.trim()) {
      errors.name = [required];
    }
    if (!v.kind) {
      errors.kind = [required];
    }
    for (const field of ['intervalSeconds', 'timeoutSeconds']) {
      if (!/^[1-9]\d{0,6}$/.test(v[field].trim())) {
        errors[field] = [t('badWhole')];
      }
    }
    const labels = parseLabels(v.labels);
    if (labels.error) {
      errors.labels = [labels.error];
    }
    const settings = {};
    for (const field of this._kind(v.kind)?.fields ?? []) {
      const value = String(v.settings[field.name] ?? '').trim();
      const key = `settings.${field.name}`;
      if (field.kind === 'SECRET' && value === '') {
        if (field.required && !this._form.secrets.has(field.name)) {
          errors[key] = [required];
        }
        continue;
      }
      if (value === '' && field.required && field.kind !== 'BOOLEAN') {
        errors[key] = [required];
      } else if (value !== '' && field.kind === 'URL' && !/^https?:\/\/\S+$/i.test(value)) {
        errors[key] = [t('badUrl')];
      } else if (value !== '' && field.kind === 'NUMBER' && !Number.isFinite(Number(value))) {
        errors[key] = [t('badNumber')];
      }
      settings[field.name] = value;
    }
    return {
      body: {
        name: v.name.trim(), kind: v.kind, settings, labels: labels.labels,
        intervalSeconds: Number(v.intervalSeconds), timeoutSeconds: Number(v.timeoutSeconds), enabled: Boolean(v.enabled),
      },
      errors,
    };
  }

  async _save(event) {
    event.preventDefault();
    const form = this._form;
    const { body, errors } = this._body();
    if (Object.keys(errors).length) {
      this._form = { ...form, errors, error: t('checkFields') };
      return;
    }
    this._form = { ...form, busy: true, error: null };
    try {
      const saved = form.target
        ? await api(`${API}/targets/${encodeURIComponent(form.target.id)}`, { method: 'PUT', json: body })
        : await api(`${API}/targets`, { method: 'POST', json: body });
      this._close();
      this.notice = { ok: true, text: t('saved', { name: saved?.name ?? body.name }) };
      this.load({ quiet: true });
    } catch (error) {
      const problem = formErrors(error);
      this._form = { ...this._form, busy: false, errors: problem.errors, error: problem.text };
    }
  }

  async _test() {
    const form = this._form;
    const { body, errors } = this._body();
    if (Object.keys(errors).length) {
      this._form = { ...form, errors, error: t('checkFields'), test: null };
      return;
    }
    this._form = { ...form, testing: true, error: null, test: null };
    try {
      // on an existing target a secret left empty is the stored one: the server fills it in from the id
      const json = form.target ? { ...body, id: form.target.id } : body;
      const test = await api(`${API}/targets/test`, { method: 'POST', json });
      this._form = { ...this._form, testing: false, test };
    } catch (error) {
      const problem = formErrors(error);
      this._form = { ...this._form, testing: false, errors: problem.errors, error: problem.text };
    }
  }

  async _delete(target) {
    const ok = await confirmDialog({
      title: t('deleteTitle', { name: target.name }), text: t('deleteText'), confirm: t('delete'), danger: true,
    });
    if (ok === null) {
      return;
    }
    const outcome = await this.act(`delete-${target.id}`,
      () => api(`${API}/targets/${encodeURIComponent(target.id)}`, { method: 'DELETE' }), t('deleted', { name: target.name }));
    if (outcome.ok) {
      if (this._form?.target?.id === target.id) {
        this._close();
      }
      this.load({ quiet: true });
    }
  }

  renderPage() {
    const mayConfigure = hasPermission(PERMISSIONS.CONFIGURE);
    const tools = mayConfigure ? html`
      <button type="button" class="ops-button ops-button--primary" data-testid="new-target" ?disabled=${this._form !== null}
          @click=${() => this._open(null)}>${t('newTarget')}</button>` : nothing;
    return html`
      ${this.renderHeader(t('title'), t('intro'), tools)}
      ${mayConfigure ? nothing : html`<p class="ops-notice" data-testid="read-only">${t('readOnly')}</p>`}
      ${this._form && mayConfigure ? this._renderForm() : nothing}
      ${this.renderBody()}`;
  }

  renderContent(targets) {
    const mayConfigure = hasPermission(PERMISSIONS.CONFIGURE);
    const columns = [t('name'), t('kind'), t('interval'), t('labels'), t('status'), t('enabled')];
    if (mayConfigure) {
      columns.push(t('actions'));
    }
    return renderTable({
      testid: 'targets-table', columns, items: targets, empty: t('none'),
      row: (x) => html`
        <tr data-target=${x.id} data-enabled=${String(x.enabled)}>
          <td><a href="#/monitoring/target/${encodeURIComponent(x.id)}"><strong>${x.name}</strong></a></td>
          <td>${this._kindTitle(x)}<span class="ops-table__secondary ops-mono">${x.kind}</span></td>
          <td class="ops-nowrap">${t('seconds', { n: x.intervalSeconds })}</td>
          <td class="ops-mono">${labelsText(x.labels) || html`<span class="ops-muted">—</span>`}</td>
          <td>${stateBadge(x.status?.state, x.maintenance)}
            ${x.status?.message ? html`<span class="ops-table__secondary ops-monitoring-wrap">${x.status.message}</span>` : nothing}</td>
          <td><span class="ops-badge ${x.enabled ? 'ops-badge--ok' : 'ops-badge--muted'}">${x.enabled ? t('yes') : t('no')}</span></td>
          ${mayConfigure ? html`<td><span class="ops-actions">
            <button type="button" class="ops-button ops-button--small" data-testid="edit-target" @click=${() => this._open(x)}>${t('edit')}</button>
            <button type="button" class="ops-button ops-button--small ops-button--danger" data-testid="delete-target"
                ?disabled=${this.isBusy(`delete-${x.id}`)} @click=${() => this._delete(x)}>${t('delete')}</button>
          </span></td>` : nothing}
        </tr>`,
    });
  }

  _input(field, label, { required = false, hint = '', inputmode = '', mono = false } = {}) {
    const v = this._form.values;
    return renderField({
      id: `ops-target-${field}`, name: field, label, required, hint, errors: this._form.errors[field] ?? [],
      control: (a) => html`<input class="ops-input ops-input--block ${mono ? 'ops-mono' : ''}" id=${a.id}
          inputmode=${inputmode || nothing} data-testid="target-${field}" .value=${v[field]} aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy} @input=${(e) => this._set(field, e.target.value)}>`,
    });
  }

  _renderSetting(field) {
    const form = this._form;
    const key = `settings.${field.name}`;
    const id = `ops-target-setting-${field.name}`;
    const value = form.values.settings[field.name] ?? '';
    const label = localized({ 'zh-CN': field.label, en: field.labelEn }) || field.name;
    const hint = field.hint ? bilingual(field.hint) : '';
    const errors = form.errors[key] ?? [];
    if (field.kind === 'BOOLEAN') {
      return html`
        <div class="ops-field" data-setting=${field.name}>
          <label class="ops-check"><input type="checkbox" id=${id} data-testid="setting-${field.name}" .checked=${value === 'true'}
              @change=${(e) => this._setSetting(field.name, e.target.checked ? 'true' : 'false')}><span>${label}</span></label>
          ${hint ? html`<span class="ops-field__hint">${hint}</span>` : nothing}
          ${errors.length ? html`<div class="ops-field__error" data-error=${key}>${errors.join(' ')}</div>` : nothing}
        </div>`;
    }
    const secretSet = field.kind === 'SECRET' && form.secrets.has(field.name);
    return html`
      <div data-setting=${field.name}>
        ${renderField({
          id, name: key, required: field.required && !secretSet, hint, errors,
          label: field.kind === 'SECRET' && form.target
            ? html`${label} <span class="ops-badge ${secretSet ? 'ops-badge--ok' : 'ops-badge--muted'}" data-testid="secret-state">
                ${secretSet ? t('secretSet') : t('secretNotSet')}</span>` : label,
          control: (a) => html`<input class="ops-input ops-input--block ${field.kind === 'TEXT' ? '' : 'ops-mono'}" id=${a.id}
              type=${field.kind === 'SECRET' ? 'password' : field.kind === 'URL' ? 'url' : 'text'}
              inputmode=${field.kind === 'NUMBER' ? 'decimal' : nothing}
              autocomplete=${field.kind === 'SECRET' ? 'new-password' : 'off'} spellcheck="false"
              placeholder=${secretSet ? t('secretKeep') : nothing} data-testid="setting-${field.name}"
              .value=${value} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
              @input=${(e) => this._setSetting(field.name, e.target.value)}>`,
        })}
      </div>`;
  }

  _renderTest(test) {
    if (!test) {
      return nothing;
    }
    const samples = Array.isArray(test.samples) ? test.samples : [];
    return html`
      <section class="ops-monitoring-test ${test.up ? 'ops-monitoring-test--up' : 'ops-monitoring-test--down'}" data-testid="test-result"
          data-up=${String(Boolean(test.up))} role="status">
        <h3>${t('testTitle')}${t('colon')}${test.up ? t('testUp') : t('testDown')} · ${t('testDuration', { ms: formatNumber(test.durationMs) })}</h3>
        ${test.message ? html`<p class="ops-monitoring-wrap">${test.message}</p>` : nothing}
        ${renderTable({
          testid: 'test-samples', columns: [t('metric'), t('labels'), { title: t('value'), cls: 'ops-table__number' }],
          items: samples, empty: t('noSamples'),
          row: (s) => html`<tr><td>${metricTitle(s.metric)}<span class="ops-table__secondary ops-mono">${s.metric}</span></td>
            <td class="ops-mono">${labelsText(s.labels)}</td><td class="ops-table__number">${formatValue(s.metric, s.value)}</td></tr>`,
        })}
      </section>`;
  }

  _renderForm() {
    const form = this._form;
    const v = form.values;
    const kind = this._kind(v.kind);
    const kindErrors = form.errors.kind ?? [];
    return html`
      <section class="ops-card ops-form-card ops-monitoring-form-card" data-testid="target-form" aria-labelledby="ops-target-form-title">
        <h2 class="ops-section-title ops-form-card__title" id="ops-target-form-title">
          ${form.target ? t('editTitle', { name: form.target.name }) : t('createTitle')}</h2>
        ${form.error ? html`<p class="ops-error ops-form__error" role="alert" data-testid="form-error">${form.error}</p>` : nothing}
        <form class="ops-form ops-form--wide" novalidate @submit=${(e) => this._save(e)}>
          <div class="ops-monitoring-form-grid">
            ${this._input('name', t('name'), { required: true })}
            ${renderField({
              id: 'ops-target-kind', name: 'kind', label: t('kind'), required: true, errors: kindErrors,
              control: (a) => html`<select class="ops-input ops-input--block" id=${a.id} data-testid="target-kind"
                  ?disabled=${Boolean(form.target)} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
                  @change=${(e) => this._set('kind', e.target.value)}>
                <option value="" ?selected=${!v.kind}>${t('chooseKind')}</option>
                ${this._kinds.map((k) => html`<option value=${k.kind} ?selected=${v.kind === k.kind}>
                  ${localized({ 'zh-CN': k.title, en: k.titleEn })}</option>`)}
                ${v.kind && !kind ? html`<option value=${v.kind} selected>${v.kind}</option>` : nothing}
              </select>`,
            })}
          </div>
          <div class="ops-monitoring-form-grid">
            ${this._input('intervalSeconds', t('intervalSeconds'), { required: true, inputmode: 'numeric' })}
            ${this._input('timeoutSeconds', t('timeoutSeconds'), { required: true, inputmode: 'numeric' })}
          </div>
          ${this._input('labels', t('labelsField'), { hint: t('labelsHint'), mono: true })}
          ${v.kind && !kind ? html`<p class="ops-notice ops-notice--warn">${t('kindMissing', { kind: v.kind })}</p>` : nothing}
          ${kind && kind.fields.length ? html`
            <fieldset class="ops-monitoring-fieldset ops-form" data-testid="target-settings">
              <legend class="ops-field__label">${t('settings')}</legend>
              ${kind.fields.map((field) => this._renderSetting(field))}
            </fieldset>` : nothing}
          <label class="ops-check"><input type="checkbox" data-testid="target-enabled" .checked=${Boolean(v.enabled)}
              @change=${(e) => this._set('enabled', e.target.checked)}><span>${t('enabledLabel')}</span></label>
          ${this._renderTest(form.test)}
          <div class="ops-form__actions">
            <button type="submit" class="ops-button ops-button--primary" data-testid="save-target" ?disabled=${form.busy}>
              ${form.busy ? t('saving') : t('save')}</button>
            <button type="button" class="ops-button" data-testid="test-target" ?disabled=${form.testing || !kind}
                @click=${() => this._test()}>${form.testing ? t('testing') : t('test')}</button>
            <button type="button" class="ops-button" data-testid="cancel-target" @click=${() => this._close()}>${t('cancel')}</button>
          </div>
        </form>
      </section>`;
  }
}

if (!customElements.get('ops-monitoring-targets-page')) {
  customElements.define('ops-monitoring-targets-page', OpsMonitoringTargetsPage);
}
