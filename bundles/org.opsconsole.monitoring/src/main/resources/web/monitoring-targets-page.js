/**
 * `<ops-monitoring-targets-page>`: the Targets page (监控目标). The monitored targets with their name in the current
 * language, kind, interval, labels, state and whether they are enabled (`GET /api/monitoring/targets`); for users with
 * `monitoring.configure`, a form to create or change one — its name, an optional English name (emptied when the name
 * changes, as the server drops it then too), and the settings its kind declares (`GET /api/monitoring/kinds`: text,
 * address, secret, number, yes/no; a secret left empty keeps the stored one), "Test" that probes the form's target once
 * without saving (`POST /api/monitoring/targets/test`) and shows the result and its samples, and deleting with
 * confirmation.
 * `#/monitoring-targets/edit/<id>` opens a target's form directly.
 */
import { html, nothing } from 'lit';
import { localized } from 'opsconsole';
import {
  API, EditableListPage, PERMISSIONS, api, formErrors, formatNumber, formatValue, labelsText, listOf, metricTitle,
  pageMessages, parseLabels, probeMessage, readSettings, renderField, renderSettings, renderTable, settingValues,
  stateBadge, targetName,
} from './monitoring-common.js';

const t = pageMessages({
  'zh-CN': {
    title: '监控目标',
    intro: '被监控的对象：网站与接口、端口、数据库、控制台主机、Prometheus 指标端点、模拟平台登录日志等。每个目标按设定的间隔探测，结果存为时间序列。',
    readOnly: '您没有配置监控目标的权限，本页只读。',
    newTarget: '新建目标',
    none: '尚未配置监控目标。',
    name: '名称', kind: '类型', interval: '间隔', labels: '标签', status: '状态', enabled: '启用', actions: '操作',
    nameEn: '英文名称',
    nameEnHint: '可选。控制台切换为英文时显示；修改名称时会清空，需要时请重新填写。',
    nameEnLong: '最多 100 个字符',
    chooseKind: '请选择类型',
    intervalSeconds: '探测间隔（秒）',
    timeoutSeconds: '超时（秒）',
    labelsField: '标签',
    enabledLabel: '启用此目标（停用后不再探测）',
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
    nameEn: 'English name',
    nameEnHint: 'Optional. Shown when the console is in English; changing the name empties it, so give it again if it still fits.',
    nameEnLong: 'At most 100 characters',
    chooseKind: 'Choose a kind',
    intervalSeconds: 'Interval (seconds)',
    timeoutSeconds: 'Timeout (seconds)',
    labelsField: 'Labels',
    enabledLabel: 'This target is enabled (a disabled one is not probed)',
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
  return {
    name: x.name ?? '',
    nameEn: x.nameEn ?? '',
    kind,
    settings: settingValues(kinds.find((k) => k.kind === kind)?.fields ?? [], x.settings),
    labels: labelsText(x.labels),
    intervalSeconds: String(x.intervalSeconds ?? 60),
    timeoutSeconds: String(x.timeoutSeconds ?? 10),
    enabled: x.enabled ?? true,
  };
}

/** A target's name in the language not shown (its Chinese name in English, its English name in Chinese), if it has two. */
function otherName(target) {
  const shown = targetName(target);
  const other = shown === target.name ? target.nameEn : target.name;
  return other && other !== shown ? other : '';
}

class OpsMonitoringTargetsPage extends EditableListPage {
  static editing = {
    t, prefix: 'target', api: API, collection: 'targets', permission: PERMISSIONS.CONFIGURE, newText: 'newTarget',
    readOnly: 'readOnly', route: 'monitoring-targets',
  };

  constructor() {
    super();
    this._kinds = [];
  }

  async fetchData() {
    const [targets, kinds] = await Promise.all([api(`${API}/targets`), api(`${API}/kinds`)]);
    this._kinds = listOf(kinds);
    return listOf(targets);
  }

  /** Only a user who may edit targets follows an edit link. */
  openFromHash() {
    if (this.mayEdit()) {
      super.openFromHash();
    }
  }

  _kind(kind) {
    return this._kinds.find((k) => k.kind === kind) ?? null;
  }

  _kindTitle(x) {
    const kind = this._kind(x.kind);
    return localized({ 'zh-CN': x.kindTitle ?? kind?.title, en: x.kindTitleEn ?? kind?.titleEn }) || x.kind;
  }

  formValues(target) {
    return formValues(target, this._kinds);
  }

  /** The notice once saved names the target in the current language. */
  savedText(saved, body) {
    return t('saved', { name: targetName(saved) || body.name });
  }

  /** The confirmation names the target in the current language. */
  deleteItem(target) {
    return super.deleteItem({ ...target, name: targetName(target) });
  }

  /**
   * The form also knows which secrets the target has stored (null for a new one), whether it tests the target, and
   * the test's result.
   */
  openForm(target) {
    super.openForm(target);
    this._form = { ...this._form, secrets: target ? target.secretsSet ?? [] : null, testing: false, test: null };
  }

  /**
   * A new kind has its own settings: the other values stay. A stored target's English name translates its stored name:
   * until the user types one, it shows while the name is the stored one and empties when the name changes, as the
   * server drops it then.
   */
  setValue(field, value) {
    super.setValue(field, value);
    if (field === 'kind') {
      this.resetSettings(this._kind(value)?.fields ?? []);
    }
    const item = this._form.item;
    if (field === 'nameEn') {
      this._form = { ...this._form, nameEnTyped: true };
    } else if (field === 'name' && item && !this._form.nameEnTyped) {
      const nameEn = value.trim() === item.name ? (item.nameEn ?? '') : '';
      this._form = { ...this._form, values: { ...this._form.values, nameEn } };
    }
  }

  formBody(form) {
    const v = form.values;
    const errors = {};
    const required = t('requiredField');
    if (!v.name.trim()) {
      errors.name = [required];
    }
    if (v.nameEn.trim().length > 100) {
      errors.nameEn = [t('nameEnLong')];
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
    const { settings, errors: settingErrors } = readSettings(this._kind(v.kind)?.fields ?? [], v.settings, form.secrets);
    Object.assign(errors, settingErrors);
    return {
      body: {
        name: v.name.trim(), nameEn: v.nameEn.trim(), kind: v.kind, settings, labels: labels.labels,
        intervalSeconds: Number(v.intervalSeconds), timeoutSeconds: Number(v.timeoutSeconds), enabled: Boolean(v.enabled),
      },
      errors,
    };
  }

  async _test() {
    const form = this._form;
    const { body, errors } = this.formBody(form);
    if (Object.keys(errors).length) {
      this._form = { ...form, errors, error: t('checkFields'), test: null };
      return;
    }
    this._form = { ...form, testing: true, error: null, test: null };
    try {
      // on an existing target a secret left empty is the stored one: the server fills it in from the id
      const json = form.item ? { ...body, id: form.item.id } : body;
      const test = await api(`${API}/targets/test`, { method: 'POST', json });
      this._form = { ...this._form, testing: false, test };
    } catch (error) {
      const problem = formErrors(error);
      this._form = { ...this._form, testing: false, errors: problem.errors, error: problem.text };
    }
  }

  renderContent(targets) {
    const mayConfigure = this.mayEdit();
    const columns = [t('name'), t('kind'), t('interval'), t('labels'), t('status'), t('enabled')];
    if (mayConfigure) {
      columns.push(t('actions'));
    }
    return renderTable({
      testid: 'targets-table', columns, items: targets, empty: t('none'),
      row: (x) => html`
        <tr data-target=${x.id} data-enabled=${String(x.enabled)}>
          <td><a href="#/monitoring/target/${encodeURIComponent(x.id)}"><strong>${targetName(x)}</strong></a>
            ${otherName(x) ? html`<span class="ops-table__secondary" data-testid="target-other-name">${otherName(x)}</span>` : nothing}</td>
          <td>${this._kindTitle(x)}<span class="ops-table__secondary ops-mono">${x.kind}</span></td>
          <td class="ops-nowrap">${t('seconds', { n: x.intervalSeconds })}</td>
          <td class="ops-mono">${labelsText(x.labels) || html`<span class="ops-muted">—</span>`}</td>
          <td>${stateBadge(x.status?.state, x.maintenance)}
            ${x.status?.message ? html`<span class="ops-table__secondary ops-monitoring-wrap">${probeMessage(x.status)}</span>` : nothing}</td>
          <td><span class="ops-badge ${x.enabled ? 'ops-badge--ok' : 'ops-badge--muted'}">${x.enabled ? t('yes') : t('no')}</span></td>
          ${mayConfigure ? this.renderRowActions(x) : nothing}
        </tr>`,
    });
  }

  _renderTest(test) {
    if (!test) {
      return nothing;
    }
    const samples = listOf(test.samples);
    return html`
      <section class="ops-monitoring-test ${test.up ? 'ops-monitoring-test--up' : 'ops-monitoring-test--down'}" data-testid="test-result"
          data-up=${String(Boolean(test.up))} role="status">
        <h3>${t('testTitle')}${t('colon')}${test.up ? t('testUp') : t('testDown')} · ${t('testDuration', { ms: formatNumber(test.durationMs) })}</h3>
        ${probeMessage(test) ? html`<p class="ops-monitoring-wrap">${probeMessage(test)}</p>` : nothing}
        ${renderTable({
          testid: 'test-samples', columns: [t('metric'), t('labels'), { title: t('value'), cls: 'ops-table__number' }],
          items: samples, empty: t('noSamples'),
          row: (s) => html`<tr><td>${metricTitle(s.metric)}<span class="ops-table__secondary ops-mono">${s.metric}</span></td>
            <td class="ops-mono">${labelsText(s.labels)}</td><td class="ops-table__number">${formatValue(s.metric, s.value)}</td></tr>`,
        })}
      </section>`;
  }

  renderForm(form) {
    const v = form.values;
    const kind = this._kind(v.kind);
    const kindErrors = form.errors.kind ?? [];
    return this.renderFormCard({
      title: form.item ? t('editTitle', { name: targetName(form.item) }) : t('createTitle'),
      fields: html`
          <div class="ops-form-grid">
            ${this.renderInput('name', t('name'), { required: true })}
            ${this.renderInput('nameEn', t('nameEn'), { hint: t('nameEnHint') })}
          </div>
          <div class="ops-form-grid">
            ${renderField({
              id: 'ops-target-kind', name: 'kind', label: t('kind'), required: true, errors: kindErrors,
              control: (a) => html`<select class="ops-input ops-input--block" id=${a.id} data-testid="target-kind"
                  ?disabled=${Boolean(form.item)} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
                  @change=${(e) => this.setValue('kind', e.target.value)}>
                <option value="" ?selected=${!v.kind}>${t('chooseKind')}</option>
                ${this._kinds.map((k) => html`<option value=${k.kind} ?selected=${v.kind === k.kind}>
                  ${localized({ 'zh-CN': k.title, en: k.titleEn })}</option>`)}
                ${v.kind && !kind ? html`<option value=${v.kind} selected>${v.kind}</option>` : nothing}
              </select>`,
            })}
            ${this.renderInput('intervalSeconds', t('intervalSeconds'), { required: true, inputmode: 'numeric' })}
            ${this.renderInput('timeoutSeconds', t('timeoutSeconds'), { required: true, inputmode: 'numeric' })}
          </div>
          ${this.renderInput('labels', t('labelsField'), { hint: t('labelsHint'), mono: true })}
          ${v.kind && !kind ? html`<p class="ops-notice ops-notice--warn">${t('kindMissing', { kind: v.kind })}</p>` : nothing}
          ${renderSettings(kind?.fields ?? [], v.settings, {
            prefix: 'target', errors: form.errors, secrets: form.secrets, onInput: (name, value) => this.setSetting(name, value),
          })}
          ${this.renderCheckbox('enabled', t('enabledLabel'))}
          ${this._renderTest(form.test)}`,
      buttons: html`
        <button type="button" class="ops-button" data-testid="test-target" ?disabled=${form.testing || !kind}
            @click=${() => this._test()}>${form.testing ? t('testing') : t('test')}</button>`,
    });
  }
}

if (!customElements.get('ops-monitoring-targets-page')) {
  customElements.define('ops-monitoring-targets-page', OpsMonitoringTargetsPage);
}
