import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';
import { date, num } from './format';

/** Charts by uPlot; each one also gets a text table in the view (screen readers, copying figures). */

const COLOURS = ['#b3261e', '#1d5fa8', '#2e7d32', '#8e5a00'];

function widthOf(container: HTMLElement): number {
  return Math.max(280, Math.min(container.clientWidth || 600, 1100));
}

/** Redraws at the container's width when the window is resized (a phone turned, a window narrowed). */
function keepWidth(chart: uPlot, container: HTMLElement, height: number): void {
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) return observer.disconnect();
    chart.setSize({ width: widthOf(container), height });
  });
  observer.observe(container);
}

/** Draws once the figure is in the page and laid out, so it knows its width. */
function whenInPage(container: HTMLElement, draw: () => void): void {
  requestAnimationFrame(() => (container.isConnected ? draw() : whenInPage(container, draw)));
}

const seconds = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 1000;

/** Lines over dates (`YYYY-MM-DD`), one per series; the first series on the left axis, others on the right. */
export function lineChart(
  label: string,
  dateLabel: string,
  dates: string[],
  series: { label: string; values: number[]; format?: (n: number) => string; axis?: 'left' | 'right' }[],
): HTMLElement {
  const container = h('figure', { class: 'chart', 'aria-label': label, role: 'img' });
  const height = 260;
  const draw = () => {
    const chart = new uPlot(
      {
        width: widthOf(container),
        height,
        scales: { x: { time: true }, left: {}, right: {} },
        series: [
          { label: dateLabel, value: (_u, v) => (v == null ? '—' : date(new Date(v * 1000).toISOString())) },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            scale: s.axis === 'right' ? 'right' : 'left',
            value: (_u: uPlot, v: number | null) => (v == null ? '—' : (s.format ?? num)(v)),
          })),
        ],
        axes: [
          {
            values: (_u, splits) => splits.map((v) => date(new Date(v * 1000).toISOString()).slice(3)),
          },
          { scale: 'left', values: (_u, splits) => splits.map((v) => (series[0].format ?? num)(v)), size: 120 },
          ...(series.some((s) => s.axis === 'right')
            ? [
                {
                  scale: 'right',
                  side: 1 as const,
                  grid: { show: false },
                  values: (_u: uPlot, splits: number[]) => splits.map((v) => num(v)),
                },
              ]
            : []),
        ],
      },
      [dates.map(seconds), ...series.map((s) => s.values)],
      container,
    );
    keepWidth(chart, container, height);
  };
  whenInPage(container, draw);
  return container;
}

/** Bars, one per named item. */
export function barChart(label: string, names: string[], values: (number | null)[], format = num): HTMLElement {
  const container = h('figure', { class: 'chart', 'aria-label': label, role: 'img' });
  const height = 260;
  const bars = uPlot.paths.bars!({ size: [0.6, 80] });
  const draw = () => {
    const chart = new uPlot(
      {
        width: widthOf(container),
        height,
        scales: { x: { time: false, range: [-0.5, names.length - 0.5] } },
        series: [
          { label: '', value: (_u, v) => names[v] ?? '' },
          {
            label,
            fill: COLOURS[1],
            stroke: COLOURS[1],
            paths: bars,
            points: { show: false },
            value: (_u, v) => (v == null ? '—' : format(v)),
          },
        ],
        axes: [
          {
            splits: () => names.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => shortName(names[i] ?? '')),
            rotate: 0,
          },
          { values: (_u, splits) => splits.map((v) => format(v)) },
        ],
        legend: { show: false },
      },
      [names.map((_, i) => i), values],
      container,
    );
    keepWidth(chart, container, height);
  };
  whenInPage(container, draw);
  return container;
}

/** "LĐLĐ huyện Ba Vì" → "Ba Vì": the axis has little room. */
function shortName(name: string): string {
  return name.replace(/^(LĐLĐ|Liên đoàn Lao động)\s+(thành phố|quận|huyện|thị xã|tỉnh)\s+/i, '');
}
