/**
 * The UI's copy of the host's `PanelData`: `setData` replaces the sections it carries (charts one metric at a
 * time), `append` adds points to series. `apply` says what changed, so the UI redraws only that. No DOM here.
 */
import type { PanelData, ToWebview } from '../../../src/webview/contract';

export interface Changes {
  runs: boolean;
  groups: boolean;
  compare: boolean;
  /** The zoom or the x mode the charts were cut for. */
  view: boolean;
  charts: Set<string>;
}

export class PanelStore {
  data: PanelData = { runs: [], groups: [], charts: {}, compare: null, window: null, xMode: 'step' };
  /** Version of the last message applied. */
  version = 0;

  apply(msg: ToWebview): Changes {
    const changes: Changes = { runs: false, groups: false, compare: false, view: false, charts: new Set() };
    this.version = msg.version;
    if (msg.type === 'append') {
      for (const add of msg.series) {
        const series = this.data.charts[add.metric]?.series.find((s) => s.run === add.run);
        if (!series) continue;
        series.x.push(...add.x);
        series.y.push(...add.y);
        if (add.smoothed) series.smoothed?.push(...add.smoothed);
        series.points = add.points;
        series.lastStep = add.lastStep;
        series.nonFinite = add.nonFinite;
        changes.charts.add(add.metric);
      }
      return changes;
    }
    const d = msg.data;
    if (d.runs) {
      this.data.runs = d.runs;
      changes.runs = true;
    }
    if (d.groups) {
      this.data.groups = d.groups;
      changes.groups = true;
      const shown = new Set(d.groups.flatMap((g) => g.metrics));
      for (const metric of Object.keys(this.data.charts)) if (!shown.has(metric)) delete this.data.charts[metric];
    }
    if (d.compare !== undefined) {
      this.data.compare = d.compare;
      changes.compare = true;
    }
    if (d.window !== undefined) {
      this.data.window = d.window;
      changes.view = true;
    }
    if (d.xMode !== undefined) {
      this.data.xMode = d.xMode;
      changes.view = true;
    }
    for (const [metric, chart] of Object.entries(d.charts ?? {})) {
      this.data.charts[metric] = chart;
      changes.charts.add(metric);
    }
    return changes;
  }
}
