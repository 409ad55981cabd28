/**
 * `bv tpu create|list|describe|delete|accelerator-types|runtime-versions`: the node side of `bv tpu`. Prices are
 * estimates from a dated table (launch/prices.ts) and say so.
 */
import * as readline from 'node:readline/promises';
import { acceleratorInfo, runtimeVersionsFor } from '../launch/acceleratorTypes';
import { createNode, deleteNode, describeShape } from '../launch/nodeLifecycle';
import { estimatePrice, PRICE_SOURCE, PRICE_TABLE_DATE } from '../launch/prices';
import type { TpuNode } from '../launch/provider';
import { tpuContext, type TpuCommonOptions } from './tpuContext';

const say = (line: string) => process.stdout.write(`bv tpu: ${line}\n`);

function nodeLine(n: TpuNode): string {
  const price = estimatePrice(n.acceleratorType, n.spot);
  return [n.name.padEnd(24), n.state.padEnd(11), n.acceleratorType.padEnd(14), `${n.workers.length} host${n.workers.length === 1 ? '' : 's'}`.padEnd(8), (n.spot ? 'spot' : 'on-demand').padEnd(10), price ? `~$${price.usdPerHour.toFixed(2)}/h` : '-'].join(' ');
}

export async function tpuCreateCommand(name: string, o: TpuCommonOptions & { acceleratorType?: string; runtimeVersion?: string; spot?: boolean; queued?: boolean }): Promise<number> {
  const ctx = await tpuContext(o);
  try {
    const wish = { at: ctx.at, name, ...(o.acceleratorType ? { acceleratorType: o.acceleratorType } : {}), ...(o.runtimeVersion ? { runtimeVersion: o.runtimeVersion } : {}), spot: !!o.spot, sshKeys: ctx.sshKeys };
    if (o.queued) {
      if (!o.acceleratorType) throw new Error('--queued needs --accelerator-type');
      const versions = o.runtimeVersion ? [o.runtimeVersion] : runtimeVersionsFor(o.acceleratorType, await ctx.provider.runtimeVersions(ctx.at));
      if (!versions.length) throw new Error(`no runtime version known to fit ${o.acceleratorType}; pass --runtime-version`);
      const q = await ctx.provider.createQueuedResource(ctx.at, `${name}-qr`, { name, acceleratorType: o.acceleratorType, runtimeVersion: versions[0], spot: !!o.spot, sshKeys: ctx.sshKeys });
      say(`queued resource ${q.name} is ${q.state}: node ${name} (${describeShape(o.acceleratorType, !!o.spot)}) is created when capacity frees up; bv tpu list shows it then`);
      return 0;
    }
    const node = await createNode(ctx.provider, wish, say);
    process.stdout.write(`${nodeLine(node)}\n`);
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

export async function tpuListCommand(o: TpuCommonOptions & { json?: boolean }): Promise<number> {
  const ctx = await tpuContext(o);
  try {
    const nodes = await ctx.provider.listNodes(ctx.at);
    for (const n of nodes) process.stdout.write(`${o.json ? JSON.stringify({ ...n, price: estimatePrice(n.acceleratorType, n.spot) ?? null }) : nodeLine(n)}\n`);
    if (!o.json && !nodes.length) process.stderr.write(`bv tpu list: no nodes in ${ctx.at.project}/${ctx.at.zone}\n`);
    if (!o.json && nodes.length) process.stderr.write(`(prices: estimates from on-demand list prices of ${PRICE_TABLE_DATE}, ${PRICE_SOURCE})\n`);
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

export async function tpuDescribeCommand(name: string, o: TpuCommonOptions & { json?: boolean }): Promise<number> {
  const ctx = await tpuContext(o);
  try {
    const n = await ctx.provider.getNode(ctx.at, name);
    if (!n) {
      process.stderr.write(`bv tpu describe: no node ${name} in ${ctx.at.project}/${ctx.at.zone} (bv tpu list shows the zone's nodes)\n`);
      return 1;
    }
    const price = estimatePrice(n.acceleratorType, n.spot);
    if (o.json) process.stdout.write(`${JSON.stringify({ ...n, price: price ?? null }, null, 2)}\n`);
    else {
      const lines = [
        `name: ${n.name} (id ${n.id})`,
        `state: ${n.state}${n.health ? `, health ${n.health}` : ''}${n.healthDescription ? ` (${n.healthDescription})` : ''}`,
        `accelerator: ${describeShape(n.acceleratorType, n.spot)}`,
        `runtime: ${n.runtimeVersion}`,
        ...n.workers.map((w) => `worker ${w.index}: ${w.externalIp ?? '-'} (internal ${w.internalIp})`),
        ...n.symptoms.map((s) => `symptom: ${s.type} ${s.details}`),
        ...(n.createTime ? [`created: ${n.createTime}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

export async function tpuDeleteCommand(name: string, o: TpuCommonOptions & { yes?: boolean }): Promise<number> {
  if (!o.yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`bv tpu delete: pass --yes to delete node ${name} without a question\n`);
      return 2;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Delete TPU node ${name}? Its disks (anything not mirrored or in gs://) are lost. [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) return 1;
  }
  const ctx = await tpuContext(o);
  try {
    const node = await ctx.provider.getNode(ctx.at, name);
    if (!node) {
      process.stderr.write(`bv tpu delete: no node ${name} in ${ctx.at.project}/${ctx.at.zone}\n`);
      return 1;
    }
    await deleteNode(ctx.provider, ctx.at, name, say);
    ctx.hostKeys.forget([node.id]);
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

export async function tpuTypesCommand(o: TpuCommonOptions & { json?: boolean }): Promise<number> {
  const ctx = await tpuContext(o);
  try {
    const types = await ctx.provider.acceleratorTypes(ctx.at);
    for (const t of types) {
      const info = acceleratorInfo(t.type);
      const price = estimatePrice(t.type);
      const row = { ...t, chips: info?.chips ?? null, hosts: info?.hosts ?? null, usdPerHour: price?.usdPerHour ?? null };
      process.stdout.write(`${o.json ? JSON.stringify(row) : `${t.type.padEnd(16)} ${info ? `${info.chips} chips, ${info.hosts} host${info.hosts > 1 ? 's' : ''}` : ''}${price ? `, ${price.label}` : ''}`}\n`);
    }
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

export async function tpuVersionsCommand(o: TpuCommonOptions & { json?: boolean; acceleratorType?: string }): Promise<number> {
  const ctx = await tpuContext(o);
  try {
    const all = await ctx.provider.runtimeVersions(ctx.at);
    const list = o.acceleratorType ? runtimeVersionsFor(o.acceleratorType, all) : all;
    if (o.acceleratorType && !list.length) process.stderr.write(`bv tpu runtime-versions: none of ${ctx.at.zone}'s versions is known to fit ${o.acceleratorType}: ${all.join(', ')}\n`);
    for (const v of list) process.stdout.write(`${o.json ? JSON.stringify({ version: v }) : v}\n`);
    return 0;
  } finally {
    await ctx.provider.close();
  }
}

