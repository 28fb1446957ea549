/**
 * `<ops-monitoring-chart>`: a time-series chart of an answer of `GET /api/monitoring/query`, drawn with uPlot. One line
 * per series (its average per step) with a light band from its minimum to its maximum where they differ, a time axis in
 * the browser's (the console's) time zone, and a legend naming target, metric and labels with the value under the
 * cursor (a legend entry toggles its line). The chart follows its container's width. Dragging across the chart zooms in
 * and fires `ops-range-select` with `detail: {from, to}` in epoch milliseconds, so a page can load that range at a finer
 * resolution; a double click zooms out again. Without points it shows its `empty` text.
 *
 * Properties: `data` (the query answer), `metric` (for the values' unit, when all series share one), `height` (px,
 * default 220), `empty` (the text without data).
 */
import { LitElement, html, nothing } from 'lit';
import { lang } from 'opsconsole';
import { formatValue, listOf, loadStylesheet, seriesName, t } from './monitoring-common.js';

const UPLOT_BASE = '/webjars/uplot/1.6.30/dist';
/** The lines' colours, distinct and readable on white. */
/** The series' colours; the legend's swatches have the same, as classes in monitoring.css (no style attributes under the CSP). */
const COLOURS = ['#1f5fa8', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#0b7285', '#e67700', '#5c940d', '#495057', '#a61e4d'];

let uPlotLoading = null;

/** uPlot's ES module, imported once, with its stylesheet. */
function loadUPlot() {
  if (!uPlotLoading) {
    loadStylesheet(`${UPLOT_BASE}/uPlot.min.css`);
    uPlotLoading = import(`${UPLOT_BASE}/uPlot.esm.js`).then((module) => module.default);
  }
  return uPlotLoading;
}

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const N = null;
/** Time axis labels (uPlot's template table, milliseconds): 24-hour clock, numeric dates, for both languages. */
const TIME_AXIS = [
  [365 * DAY, '{YYYY}', N, N, N, N, N, N, 1],
  [28 * DAY, '{YYYY}-{MM}', '\n{YYYY}', N, N, N, N, N, 1],
  [DAY, '{MM}-{DD}', '\n{YYYY}', N, N, N, N, N, 1],
  [HOUR, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', N, '\n{MM}-{DD}', N, N, N, 1],
  [60e3, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', N, '\n{MM}-{DD}', N, N, N, 1],
  [1e3, '{HH}:{mm}:{ss}', '\n{YYYY}-{MM}-{DD}', N, '\n{MM}-{DD}', N, N, N, 1],
];

/** The colour with an alpha, for the min–max bands. */
function translucent(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * The query answer as uPlot's aligned columns: the union of all timestamps, then avg (and min and max where the
 * series has a spread) of each series at each of them, null where a series has no point.
 *
 * @param {Array<{points: Array<Array<number>>}>} series the answer's series
 * @returns {{columns: Array<Array<number|null>>, bands: Array<boolean>}} the columns and which series have a band
 */
export function alignSeries(series) {
  const times = [...new Set(series.flatMap((s) => (s.points ?? []).map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((time, i) => [time, i]));
  const columns = [times];
  const bands = [];
  for (const s of series) {
    const avg = new Array(times.length).fill(null);
    const min = new Array(times.length).fill(null);
    const max = new Array(times.length).fill(null);
    let spread = false;
    for (const [time, a, lo, hi] of s.points ?? []) {
      const i = index.get(time);
      avg[i] = a;
      min[i] = lo ?? a;
      max[i] = hi ?? a;
      spread ||= lo !== hi && lo !== null && lo !== undefined && hi !== null && hi !== undefined;
    }
    columns.push(avg);
    bands.push(spread);
    if (spread) {
      columns.push(max, min);
    }
  }
  return { columns, bands };
}

class MonitoringChart extends LitElement {
  static properties = {
    data: { attribute: false },
    metric: { type: String },
    height: { type: Number },
    empty: { type: String },
    _hidden: { state: true },
    _cursor: { state: true },
    _failed: { state: true },
  };

  constructor() {
    super();
    this.data = null;
    this.metric = '';
    this.height = 220;
    this.empty = '';
    this._hidden = new Set();
    this._cursor = null;
    this._failed = null;
    this._plot = null;
    this._builds = 0;
    this._columnOf = [];
    this._resize = new ResizeObserver(() => this._fit());
    this._onLangChange = () => this._build();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('ops-lang-change', this._onLangChange);
    this._resize.observe(this);
  }

  disconnectedCallback() {
    window.removeEventListener('ops-lang-change', this._onLangChange);
    this._resize.disconnect();
    this._destroy();
    super.disconnectedCallback();
  }

  get _series() {
    return listOf(this.data?.series);
  }

  get _hasPoints() {
    return this._series.some((s) => (s.points ?? []).length > 0);
  }

  willUpdate(changed) {
    if (changed.has('data')) {
      this._hidden = new Set();
      this._cursor = null;
    }
  }

  updated(changed) {
    // sizes go through the CSS object model: the console's Content-Security-Policy refuses style attributes
    const box = this.querySelector('.ops-monitoring-chart__plot');
    if (box) {
      box.style.minHeight = `${this.height}px`;
    }
    if (changed.has('data') || changed.has('height') || changed.has('metric')) {
      this._build();
    }
  }

  _destroy() {
    this._plot?.destroy();
    this._plot = null;
  }

  _fit() {
    const box = this.querySelector('.ops-monitoring-chart__plot');
    if (this._plot && box && box.clientWidth > 0) {
      this._plot.setSize({ width: box.clientWidth, height: this.height });
    }
  }

  /** The unit-aware formatter: the element's metric, else the series' own when all share one. */
  _format(seriesIndex) {
    const metric = this.metric || this._series[seriesIndex]?.metric || '';
    return (value) => formatValue(metric, value);
  }

  async _build() {
    const build = ++this._builds;
    this._destroy();
    if (!this._hasPoints) {
      return;
    }
    let uPlot;
    try {
      uPlot = await loadUPlot();
    } catch (error) {
      console.error('opsconsole monitoring: uPlot could not be loaded', error);
      this._failed = error;
      return;
    }
    await this.updateComplete;
    if (build !== this._builds) {
      return;
    }
    this._destroy();
    const box = this.querySelector('.ops-monitoring-chart__plot');
    if (!box || !this._hasPoints) {
      return;
    }
    const { columns, bands } = alignSeries(this._series);
    const uSeries = [{}];
    const uBands = [];
    /** For each of our series, its column index in uPlot. */
    this._columnOf = [];
    this._series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const avgIndex = uSeries.length;
      this._columnOf.push(avgIndex);
      uSeries.push({ label: seriesName(s), stroke: colour, width: 1.5, spanGaps: false, points: { show: false },
        value: (u, v) => this._format(i)(v) });
      if (bands[i]) {
        uSeries.push({ label: 'max', stroke: 'transparent', points: { show: false } });
        uSeries.push({ label: 'min', stroke: 'transparent', points: { show: false } });
        uBands.push({ series: [avgIndex + 1, avgIndex + 2], fill: translucent(colour, 0.12) });
      }
    });
    const sameMetric = new Set(this._series.map((s) => s.metric)).size === 1;
    const yFormat = this._format(sameMetric ? 0 : -1);
    const options = {
      width: Math.max(box.clientWidth, 200),
      height: this.height,
      ms: 1,
      series: uSeries,
      bands: uBands,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: true } },
      scales: { x: { time: true } },
      axes: [
        // space: pixels kept between two time labels, so that "14:12:05" never runs into the next one
        { values: TIME_AXIS, space: 72, stroke: '#5c6a79', grid: { stroke: '#eceff3' }, ticks: { stroke: '#dfe4ea' } },
        { values: (u, splits) => splits.map((v) => (sameMetric ? yFormat(v) : formatValue('', v))), size: 70,
          stroke: '#5c6a79', grid: { stroke: '#eceff3' }, ticks: { stroke: '#dfe4ea' } },
      ],
      hooks: {
        setCursor: [(u) => { this._cursor = u.cursor.idx ?? null; }],
        setSelect: [(u) => {
          if (u.select.width > 2) {
            const from = Math.round(u.posToVal(u.select.left, 'x'));
            const to = Math.round(u.posToVal(u.select.left + u.select.width, 'x'));
            this.dispatchEvent(new CustomEvent('ops-range-select', { detail: { from, to }, bubbles: true, composed: true }));
          }
        }],
      },
    };
    this._plot = new uPlot(options, columns, box);
    this._failed = null;
    for (const hidden of this._hidden) {
      this._plot.setSeries(this._columnOf[hidden], { show: false });
    }
  }

  _toggle(i) {
    const next = new Set(this._hidden);
    if (next.has(i)) {
      next.delete(i);
    } else {
      next.add(i);
    }
    this._hidden = next;
    if (this._plot) {
      const column = this._columnOf[i];
      this._plot.setSeries(column, { show: !next.has(i) });
    }
  }

  /** The value of series i in the legend: under the cursor, else its last point. */
  _legendValue(s, i) {
    const points = s.points ?? [];
    if (this._cursor !== null && this._plot) {
      const v = this._plot.data[this._columnOf[i]]?.[this._cursor];
      return this._format(i)(v);
    }
    const last = points.length ? points[points.length - 1][1] : null;
    return this._format(i)(last);
  }

  render() {
    if (!this._hasPoints) {
      return html`<div class="ops-monitoring-chart ops-monitoring-chart--empty" data-testid="chart-empty">
        <p class="ops-empty">${this.empty || (lang() === 'en' ? 'No data in this time range' : '该时间范围内没有数据')}</p></div>`;
    }
    const series = this._series;
    return html`
      <div class="ops-monitoring-chart" data-testid="chart" data-series=${series.length}
          data-resolution=${this.data?.resolution ?? nothing}>
        <div class="ops-monitoring-chart__plot"></div>
        ${this._failed ? html`<p class="ops-error" role="alert">${t('loadFailed', { message: String(this._failed.message ?? this._failed) })}</p>` : nothing}
        <ul class="ops-monitoring-chart__legend" data-testid="chart-legend">
          ${series.map((s, i) => html`
            <li>
              <button type="button" class="ops-monitoring-chart__entry" aria-pressed=${String(!this._hidden.has(i))}
                  data-series-id=${s.id} @click=${() => this._toggle(i)}>
                <span class="ops-monitoring-chart__swatch ops-monitoring-chart__swatch--${i % COLOURS.length}"></span>
                <span class="ops-monitoring-chart__name">${seriesName(s)}</span>
                <span class="ops-monitoring-chart__value">${this._legendValue(s, i)}</span>
              </button>
            </li>`)}
        </ul>
      </div>`;
  }
}

if (!customElements.get('ops-monitoring-chart')) {
  customElements.define('ops-monitoring-chart', MonitoringChart);
}
