/**
 * The toolbar: smoothing slider (TensorBoard's weight, 0 to 0.99), x axis (step, relative time, wall time —
 * both derived, which the tooltip explains), log y, ignore outliers, and CSV export. It reports each change;
 * the app decides what is re-cut by the host and what is redrawn here.
 */
import type { ViewOptions, XMode } from '../../../src/webview/contract';
import { h } from '../dom';

export interface ToolbarEvents {
  onOptions(options: ViewOptions): void;
  onExport(): void;
}

const TIME_NOTE =
  'Metrics lines carry no timestamps: time is derived from the uptime the trainer logs at its log steps, interpolated in between. Wall time adds the run start (given by the launcher, else the time config.json was written).';

export class Toolbar {
  readonly el: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLOutputElement;
  private readonly xMode: HTMLSelectElement;
  private readonly logY: HTMLInputElement;
  private readonly outliers: HTMLInputElement;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private options: ViewOptions,
    private readonly events: ToolbarEvents,
  ) {
    this.slider = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: options.smoothing, 'aria-label': 'Smoothing', 'data-control': 'smoothing' });
    this.sliderValue = h('output', {}, options.smoothing.toFixed(2));
    this.xMode = h(
      'select',
      { 'aria-label': 'X axis', 'data-control': 'x-mode', title: TIME_NOTE },
      h('option', { value: 'step' }, 'Step'),
      h('option', { value: 'relative' }, 'Relative time (derived)'),
      h('option', { value: 'wall' }, 'Wall time (derived)'),
    );
    this.xMode.value = options.xMode;
    this.logY = h('input', { type: 'checkbox', checked: options.logY, 'data-control': 'log-y' });
    this.outliers = h('input', { type: 'checkbox', checked: options.ignoreOutliers, 'data-control': 'ignore-outliers' });
    const exportButton = h('button', { type: 'button', 'data-control': 'export-csv', title: 'Save the charted points (zoomed range, full resolution) as CSV' }, 'Export CSV');
    this.el = h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'smoothing' }, 'Smoothing ', this.slider, this.sliderValue),
      h('label', {}, 'X axis ', this.xMode),
      h('label', {}, this.logY, ' Log y'),
      h('label', { title: 'y range from the 5th to 95th percentile of each curve' }, this.outliers, ' Ignore outliers'),
      exportButton,
    );
    this.slider.addEventListener('input', () => {
      this.sliderValue.value = Number(this.slider.value).toFixed(2);
      // Smoothing is recomputed by the host over whole series: follow the slider, not every pixel of it.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.change({ smoothing: Number(this.slider.value) }), 120);
    });
    this.xMode.addEventListener('change', () => this.change({ xMode: this.xMode.value as XMode }));
    this.logY.addEventListener('change', () => this.change({ logY: this.logY.checked }));
    this.outliers.addEventListener('change', () => this.change({ ignoreOutliers: this.outliers.checked }));
    exportButton.addEventListener('click', () => this.events.onExport());
  }

  private change(patch: Partial<ViewOptions>): void {
    this.options = { ...this.options, ...patch };
    this.events.onOptions(this.options);
  }
}
