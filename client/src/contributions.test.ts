// package.json's contributions agree with the code they describe: the settings with the server's settings
// (names and defaults), the grammar entry with the grammar file, `main` with the client bundle's path.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultSettings, parseSettings, SETTINGS_SECTION } from '../../server/src/settings';
import { GRAMMAR_FILE, GRAMMAR_SCOPE } from './grammar/ppStringGrammar';
import { RUN_SETTINGS } from './runs/runSettings';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface SettingSchema {
  type: string;
  default: unknown;
  markdownDescription?: string;
  description?: string;
}

const properties = manifest.contributes.configuration.properties as Record<string, SettingSchema>;

/** The server's settings as dotted names (`trace.server`), from its defaults. */
function serverSettingNames(): string[] {
  const flat = (o: object, prefix: string): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  return flat(defaultSettings({}), '');
}

describe('package.json contributions', () => {
  it('contributes every server setting and the run settings, and only those, each with a description', () => {
    const contributed = Object.keys(properties).map((k) => k.slice(SETTINGS_SECTION.length + 1)).sort();
    assert.deepEqual(contributed, [...serverSettingNames(), ...RUN_SETTINGS].sort());
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok((schema.markdownDescription ?? schema.description ?? '').length > 30, `${key} needs a description`);
    }
  });

  it('gives each setting the default the server assumes', () => {
    // The contributed defaults, read by the server, must yield the server's own defaults.
    const raw: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(properties)) {
      if ((RUN_SETTINGS as readonly string[]).includes(key.slice(SETTINGS_SECTION.length + 1))) continue;
      const parts = key.slice(SETTINGS_SECTION.length + 1).split('.');
      let at = raw;
      for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
      at[parts[parts.length - 1]] = schema.default;
    }
    const env = { TFDS_DATA_DIR: '/data/tfds' };
    assert.deepEqual(parseSettings(raw, env), defaultSettings(env));
  });

  it('injects the pp-string grammar into Python from the generated file', () => {
    const grammars = manifest.contributes.grammars as { scopeName: string; path: string; injectTo: string[] }[];
    assert.equal(grammars.length, 1);
    assert.equal(grammars[0].scopeName, GRAMMAR_SCOPE);
    assert.equal(path.resolve(ROOT, grammars[0].path), GRAMMAR_FILE);
    assert.deepEqual(grammars[0].injectTo, ['source.python']);
  });

  it('activates on Python and on the Runs and TPU Nodes views, and loads the bundled client', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:python', 'onView:bigVision.runs', 'onView:bigVision.tpuNodes']);
    assert.deepEqual(manifest.contributes.views.bigVision.map((v: { id: string }) => v.id), ['bigVision.runs', 'bigVision.tpuNodes']);
    assert.ok(fs.existsSync(path.join(ROOT, manifest.contributes.viewsContainers.activitybar[0].icon)), 'the activity bar icon is missing');
    assert.equal(manifest.main, './dist/client/extension.js');
    const build = fs.readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8');
    assert.ok(build.includes("out: 'dist/client/extension.js'"), 'scripts/build.mjs no longer writes the client bundle where `main` points');
  });

  it('offers each run action only where it applies (menus name contributed commands)', () => {
    const ids = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
    const menus = manifest.contributes.menus as Record<string, { command: string; when: string }[]>;
    for (const entries of Object.values(menus)) for (const e of entries) assert.ok(ids.has(e.command), `menu names unknown command ${e.command}`);
    const ctx = menus['view/item/context'];
    const whenOf = (id: string) => ctx.filter((e) => e.command === id).map((e) => e.when);
    assert.ok(whenOf('bigVision.runs.stop').every((w) => /viewItem == bigVision\.run\.running/.test(w)), 'stop is only for running runs');
    assert.ok(whenOf('bigVision.runs.resume').every((w) => /interrupted\|failed/.test(w)), 'resume is for interrupted and failed runs');
    assert.ok(whenOf('bigVision.tpu.ssh').every((w) => /viewItem == bigVision\.tpuNode\.READY/.test(w)), 'a shell only on READY nodes');
    assert.ok(whenOf('bigVision.tpu.stopRuns').every((w) => /viewItem == bigVision\.tpuNode\.READY/.test(w)), 'stopping runs only on READY nodes');
    assert.ok(whenOf('bigVision.tpu.deleteNode').length > 0 && whenOf('bigVision.tpu.deleteNode').every((w) => /view == bigVision\.tpuNodes/.test(w)), 'delete is on the TPU Nodes view');
  });
});
