/**
 * `<ops-jobs-page>`: the Scheduled jobs page (计划任务). Every job the modules registered, with its schedule, next
 * run, last run and whether it runs now, from `GET /api/jobs`; "run now" (`POST /api/jobs/<id>/run`) for users who
 * may; and the chosen job's run history, newest first and paged, from `GET /api/jobs/<id>/runs`. While something
 * runs, the page refreshes itself every few seconds.
 */
import { LitElement, html, nothing } from 'lit';
import {
  ApiError, api, bilingual, formatDateTime, formatDuration, formatNumber, hasPermission, localized, messages, problemText,
} from 'opsconsole';

const t = messages({
  'zh-CN': {
    title: '计划任务',
    intro: '各模块注册的定时任务。集群中每次触发只在一个节点上运行，每次运行的开始、结束、结果和信息都有记录。',
    loading: '正在加载计划任务…',
    loadFailed: '无法加载计划任务',
    retry: '重试',
    refresh: '刷新',
    refreshing: '正在刷新…',
    count: '共 {n} 个计划任务',
    empty: '没有已注册的计划任务。',
    job: '任务',
    schedule: '执行计划（cron）',
    nextRun: '下次运行',
    lastRun: '上次运行',
    state: '状态',
    actions: '操作',
    never: '从未运行',
    running: '运行中',
    idle: '空闲',
    notScheduled: '未调度',
    runNow: '立即运行',
    starting: '正在启动…',
    started: '已开始运行“{job}”（运行编号 {run}）。',
    runFailed: '无法运行“{job}”：{message}',
    showHistory: '查看运行记录',
    history: '“{job}”的运行记录',
    closeHistory: '关闭',
    historyLoading: '正在加载运行记录…',
    historyFailed: '无法加载运行记录',
    historyEmpty: '该任务还没有运行记录。',
    total: '共 {n} 次运行',
    runId: '编号',
    scheduledAt: '计划时间',
    startedAt: '开始',
    endedAt: '结束',
    duration: '耗时',
    node: '节点',
    requestedBy: '发起',
    scheduled: '定时',
    outcome: '结果',
    message: '信息',
    progress: '进度：{text}',
    runningFor: '已运行 {duration}',
    pageOf: '第 {page} / {pages} 页',
    previous: '上一页',
    next: '下一页',
    RUNNING: '运行中',
    SUCCESS: '成功',
    FAILED: '失败',
    INTERRUPTED: '已中断',
  },
  en: {
    title: 'Scheduled jobs',
    intro: 'The timed jobs of the modules. In a cluster each firing runs on one node only; every run is recorded with its start, end, outcome and message.',
    loading: 'Loading scheduled jobs…',
    loadFailed: 'The scheduled jobs could not be loaded',
    retry: 'Retry',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    count: { one: '{n} scheduled job', other: '{n} scheduled jobs' },
    empty: 'No scheduled jobs are registered.',
    job: 'Job',
    schedule: 'Schedule (cron)',
    nextRun: 'Next run',
    lastRun: 'Last run',
    state: 'State',
    actions: 'Actions',
    never: 'Never ran',
    running: 'Running',
    idle: 'Idle',
    notScheduled: 'Not scheduled',
    runNow: 'Run now',
    starting: 'Starting…',
    started: '"{job}" started (run {run}).',
    runFailed: '"{job}" could not be run: {message}',
    showHistory: 'Show runs',
    history: 'Runs of "{job}"',
    closeHistory: 'Close',
    historyLoading: 'Loading runs…',
    historyFailed: 'The runs could not be loaded',
    historyEmpty: 'This job has not run yet.',
    total: { one: '{n} run', other: '{n} runs' },
    runId: 'No.',
    scheduledAt: 'Due',
    startedAt: 'Started',
    endedAt: 'Ended',
    duration: 'Duration',
    node: 'Node',
    requestedBy: 'By',
    scheduled: 'schedule',
    outcome: 'Outcome',
    message: 'Message',
    progress: 'Progress: {text}',
    runningFor: 'running for {duration}',
    pageOf: 'Page {page} / {pages}',
    previous: 'Previous',
    next: 'Next',
    RUNNING: 'Running',
    SUCCESS: 'Success',
    FAILED: 'Failed',
    INTERRUPTED: 'Interrupted',
  },
});

const JOBS_URL = '/api/jobs';
const PAGE_SIZE = 20;
/** How often the page refreshes itself while a job runs, in milliseconds. */
const POLL_MILLIS = 3000;
const OUTCOMES = { RUNNING: 'warn', SUCCESS: 'ok', FAILED: 'error', INTERRUPTED: 'muted' };

function jobUrl(id, rest = '') {
  return `${JOBS_URL}/${encodeURIComponent(id)}${rest}`;
}

function outcomeBadge(outcome) {
  const modifier = OUTCOMES[outcome] ?? 'muted';
  return html`<span class="ops-badge ops-badge--${modifier}" title=${outcome}>${outcome in OUTCOMES ? t(outcome) : outcome}</span>`;
}

/** Seconds from one ISO time to another (or to now). */
function secondsBetween(from, to) {
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : Date.now();
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000);
}

class OpsJobsPage extends LitElement {
  static properties = {
    _jobs: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _selected: { state: true },
    _runs: { state: true },
    _runsPage: { state: true },
    _runsError: { state: true },
    _runsLoading: { state: true },
    _starting: { state: true },
    _notice: { state: true },
  };

  constructor() {
    super();
    this._jobs = null;
    this._error = null;
    this._loading = false;
    this._selected = null;
    this._runs = null;
    this._runsPage = 0;
    this._runsError = null;
    this._runsLoading = false;
    this._starting = new Set();
    this._notice = null;
    this._poll = null;
    this._requests = 0;
    this._runRequests = 0;
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
    this._poll = null;
    super.disconnectedCallback();
  }

  async _load() {
    const request = ++this._requests;
    this._loading = true;
    try {
      const data = await api(JOBS_URL);
      if (request === this._requests) {
        this._jobs = Array.isArray(data?.jobs) ? data.jobs : [];
        this._error = null;
      }
    } catch (error) {
      if (request === this._requests) {
        console.error('opsconsole jobs page: the jobs could not be loaded', error);
        this._error = error;
      }
    } finally {
      if (request === this._requests) {
        this._loading = false;
        this._schedulePoll();
      }
    }
  }

  async _loadRuns() {
    const id = this._selected;
    if (!id) {
      return;
    }
    const request = ++this._runRequests;
    this._runsLoading = true;
    try {
      const data = await api(jobUrl(id, `/runs?page=${this._runsPage}&size=${PAGE_SIZE}`));
      if (request === this._runRequests) {
        this._runs = data;
        this._runsError = null;
      }
    } catch (error) {
      if (request === this._runRequests) {
        console.error('opsconsole jobs page: the runs could not be loaded', error);
        this._runsError = error;
      }
    } finally {
      if (request === this._runRequests) {
        this._runsLoading = false;
      }
    }
  }

  /** While a job runs, refresh the list (and the open history) every few seconds. */
  _schedulePoll() {
    clearTimeout(this._poll);
    this._poll = null;
    const busy = (this._jobs ?? []).some((job) => job.running) || this._starting.size > 0;
    if (busy && this.isConnected) {
      this._poll = setTimeout(() => {
        this._load();
        this._loadRuns();
      }, POLL_MILLIS);
    }
  }

  _select(id) {
    if (this._selected === id) {
      return;
    }
    this._selected = id;
    this._runs = null;
    this._runsError = null;
    this._runsPage = 0;
    this._loadRuns();
  }

  _closeHistory() {
    this._selected = null;
    this._runs = null;
    this._runsError = null;
  }

  _goTo(page) {
    this._runsPage = page;
    this._loadRuns();
  }

  async _runNow(job, event) {
    event.stopPropagation();
    this._starting = new Set(this._starting).add(job.id);
    this._notice = null;
    const title = localized(job.title) || job.id;
    try {
      const result = await api(jobUrl(job.id, '/run'), { method: 'POST' });
      this._notice = { ok: true, text: t('started', { job: title, run: result?.runId ?? '?' }) };
    } catch (error) {
      console.error('opsconsole jobs page: the job could not be run', error);
      this._notice = { ok: false, text: t('runFailed', { job: title, message: problemText(error) }) };
    } finally {
      const starting = new Set(this._starting);
      starting.delete(job.id);
      this._starting = starting;
    }
    await this._load();
    if (this._selected === job.id) {
      this._runsPage = 0;
      this._loadRuns();
    }
  }

  render() {
    return html`
      <link rel="stylesheet" href=${new URL('jobs-page.css', import.meta.url).href}>
      <h1 class="ops-page-title">${t('title')}</h1>
      <p class="ops-muted">${t('intro')}</p>
      ${this._notice ? html`
        <div class=${this._notice.ok ? 'ops-card ops-jobs-notice' : 'ops-error'} role=${this._notice.ok ? 'status' : 'alert'}
            data-testid="run-notice">${this._notice.text}</div>` : nothing}
      ${this._error ? this._renderError(this._error, t('loadFailed'), 'jobs-error', () => this._load()) : nothing}
      ${this._jobs ? this._renderJobs()
        : this._error ? nothing : html`<p class="ops-empty" role="status">${t('loading')}</p>`}
      ${this._selected ? this._renderHistory() : nothing}`;
  }

  _renderError(error, fallback, testid, retry) {
    const problem = error instanceof ApiError ? error : null;
    const title = problem?.title || fallback;
    const detail = problem ? bilingual(problem.detail) : error?.message;
    return html`
      <div class="ops-error" role="alert" data-testid=${testid}>
        <strong>${title}</strong>
        ${problem?.status ? html` <span>(HTTP ${problem.status})</span>` : nothing}
        ${detail && detail !== title ? html`<p>${detail}</p>` : nothing}
        <p><button type="button" class="ops-button ops-button--small" @click=${retry}>${t('retry')}</button></p>
      </div>`;
  }

  _renderJobs() {
    const jobs = this._jobs;
    return html`
      <div class="ops-toolbar">
        <span class="ops-muted" data-testid="jobs-count">${t('count', { n: formatNumber(jobs.length) })}</span>
        <span class="ops-toolbar__spacer"></span>
        <button type="button" class="ops-button" ?disabled=${this._loading} @click=${() => this._load()}>
          ${this._loading ? t('refreshing') : t('refresh')}
        </button>
      </div>
      <div class="ops-table-wrap">
        <table class="ops-table" data-testid="jobs-table" aria-busy=${String(this._loading)}>
          <thead>
            <tr>
              <th>${t('job')}</th>
              <th>${t('schedule')}</th>
              <th>${t('nextRun')}</th>
              <th>${t('lastRun')}</th>
              <th>${t('state')}</th>
              <th>${t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            ${jobs.length === 0
              ? html`<tr><td class="ops-empty" colspan="6">${t('empty')}</td></tr>`
              : jobs.map((job) => this._renderJob(job))}
          </tbody>
        </table>
      </div>`;
  }

  _renderJob(job) {
    const title = localized(job.title) || job.id;
    const last = job.lastRun;
    const selected = job.id === this._selected;
    // the server says per job whether this user may run it; the shell's permissions are the fallback
    const mayRun = typeof job.canRun === 'boolean' ? job.canRun : hasPermission('jobs.operate');
    const starting = this._starting.has(job.id);
    return html`
      <tr data-job=${job.id} class=${selected ? 'ops-jobs-row ops-jobs-row--selected' : 'ops-jobs-row'}
          aria-selected=${String(selected)} @click=${() => this._select(job.id)}>
        <td>
          <button type="button" class="ops-jobs-link" title=${t('showHistory')} data-testid="job-history"
              @click=${(event) => { event.stopPropagation(); this._select(job.id); }}>${title}</button>
          <span class="ops-table__secondary ops-table__mono">${job.id}</span>
          ${job.error ? html`<span class="ops-jobs-error" data-testid="job-error">${bilingual(job.error)}</span>` : nothing}
        </td>
        <td class="ops-table__mono">${job.cron}</td>
        <td>${job.nextRun ? formatDateTime(job.nextRun) : html`<span class="ops-muted">—</span>`}</td>
        <td data-testid="last-run">
          ${last ? html`
            ${outcomeBadge(last.outcome)}
            <span class="ops-table__secondary">${formatDateTime(last.endedAt ?? last.startedAt)}</span>
            ${last.message ? html`<span class="ops-table__secondary ops-jobs-message" title=${last.message}>${bilingual(last.message)}</span>`
              : nothing}`
            : html`<span class="ops-muted">${t('never')}</span>`}
        </td>
        <td data-testid="job-state">
          ${job.error
            ? html`<span class="ops-badge ops-badge--error">${t('notScheduled')}</span>`
            : job.running
              ? html`<span class="ops-badge ops-badge--warn" data-testid="job-running">${t('running')}</span>`
              : html`<span class="ops-muted">${t('idle')}</span>`}
        </td>
        <td>
          ${mayRun && !job.error ? html`
            <button type="button" class="ops-button ops-button--small" data-testid="run-now" ?disabled=${starting}
                @click=${(event) => this._runNow(job, event)}>${starting ? t('starting') : t('runNow')}</button>`
            : nothing}
        </td>
      </tr>`;
  }

  _renderHistory() {
    const job = (this._jobs ?? []).find((candidate) => candidate.id === this._selected);
    const title = job ? localized(job.title) || job.id : this._selected;
    const data = this._runs;
    const runs = Array.isArray(data?.runs) ? data.runs : [];
    const total = Number(data?.total) || 0;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = this._runsPage;
    return html`
      <section class="ops-jobs-history" data-testid="job-runs" data-job=${this._selected}>
        <h2 class="ops-section-title">${t('history', { job: title })}
          ${data ? html`<span class="ops-muted" data-testid="runs-total">${t('total', { n: formatNumber(total) })}</span>` : nothing}
          ${this._runsLoading ? html`<span class="ops-muted" role="status">${t('historyLoading')}</span>` : nothing}
        </h2>
        <div class="ops-toolbar">
          <span class="ops-toolbar__spacer"></span>
          <button type="button" class="ops-button ops-button--small" @click=${() => this._closeHistory()}>${t('closeHistory')}</button>
        </div>
        ${this._runsError ? this._renderError(this._runsError, t('historyFailed'), 'runs-error', () => this._loadRuns()) : nothing}
        ${data ? html`
          <div class="ops-table-wrap">
            <table class="ops-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th class="ops-table__number ops-table__narrow">${t('runId')}</th>
                  <th>${t('scheduledAt')}</th>
                  <th>${t('startedAt')}</th>
                  <th>${t('endedAt')}</th>
                  <th>${t('duration')}</th>
                  <th>${t('requestedBy')}</th>
                  <th>${t('node')}</th>
                  <th>${t('outcome')}</th>
                  <th>${t('message')}</th>
                </tr>
              </thead>
              <tbody>
                ${runs.length === 0
                  ? html`<tr><td class="ops-empty" colspan="9">${t('historyEmpty')}</td></tr>`
                  : runs.map((run) => this._renderRun(run))}
              </tbody>
            </table>
          </div>
          ${pages > 1 ? html`
            <div class="ops-pager" data-testid="runs-pager">
              <button type="button" class="ops-button ops-button--small" ?disabled=${page === 0 || this._runsLoading}
                  @click=${() => this._goTo(page - 1)}>${t('previous')}</button>
              <span>${t('pageOf', { page: formatNumber(page + 1), pages: formatNumber(pages) })}</span>
              <button type="button" class="ops-button ops-button--small" ?disabled=${page >= pages - 1 || this._runsLoading}
                  @click=${() => this._goTo(page + 1)}>${t('next')}</button>
            </div>` : nothing}`
          : this._runsError ? nothing : html`<p class="ops-empty" role="status">${t('historyLoading')}</p>`}
      </section>`;
  }

  _renderRun(run) {
    const seconds = secondsBetween(run.startedAt, run.endedAt);
    return html`
      <tr data-run=${run.id} data-outcome=${run.outcome}>
        <td class="ops-table__number">${run.id}</td>
        <td>${formatDateTime(run.scheduledAt)}</td>
        <td>${formatDateTime(run.startedAt)}</td>
        <td>${run.endedAt ? formatDateTime(run.endedAt) : html`<span class="ops-muted">—</span>`}</td>
        <td>${seconds === null ? '—' : run.endedAt ? formatDuration(seconds) : t('runningFor', { duration: formatDuration(seconds) })}</td>
        <td>${run.requestedBy ?? html`<span class="ops-muted">${t('scheduled')}</span>`}</td>
        <td class="ops-table__mono">${run.node}</td>
        <td>${outcomeBadge(run.outcome)}</td>
        <td class="ops-jobs-message" title=${run.message || nothing}>
          ${run.message ? bilingual(run.message) : run.progress ? nothing : html`<span class="ops-muted">—</span>`}
          ${run.progress && run.outcome === 'RUNNING'
            ? html`<span class="ops-table__secondary">${t('progress', { text: bilingual(run.progress) })}</span>` : nothing}
        </td>
      </tr>`;
  }
}

if (!customElements.get('ops-jobs-page')) {
  customElements.define('ops-jobs-page', OpsJobsPage);
}
