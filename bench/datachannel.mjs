#!/usr/bin/env node
// Data-channel benchmark: the same workloads on several Node.js WebRTC implementations, one process,
// sequentially, a fresh peer-connection pair per workload. Progress goes to stderr, a Markdown table
// to stdout; --write also updates the data-channel section of bench/RESULTS.md.
//
//   node bench/datachannel.mjs [--only name1,name2] [--quick] [--write] [--timeout SECONDS]
//                              [--high BYTES] [--low BYTES]
//
// Run it through bench/run.sh to get an isolated network namespace (lo + one private interface).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { IMPLEMENTATIONS, deferred, implementationNames } from './lib/implementations.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const KiB = 1024;
const MiB = 1024 * KiB;

// ---------------------------------------------------------------------------------------------
// Arguments

function usage(code) {
  process.stderr.write(
    `usage: node bench/datachannel.mjs [--only ${implementationNames().join(',')}] [--quick] [--write] [--timeout SECONDS] [--high BYTES] [--low BYTES]\n` +
      '  --only     comma-separated implementations to run (default: all)\n' +
      '  --quick    ~16x smaller workloads, for development\n' +
      '  --write    also update the data-channel section of bench/RESULTS.md\n' +
      '  --timeout  per-workload timeout in seconds (default 120)\n' +
      '  --high     backpressure: pause sending while bufferedAmount >= BYTES (default 8388608 = 8 MiB)\n' +
      '  --low      backpressure: bufferedAmountLowThreshold, resume at <= BYTES (default 1048576 = 1 MiB)\n',
  );
  process.exit(code);
}

const opts = { only: null, quick: false, write: false, timeoutS: 120, high: 8 * 1024 * 1024, low: 1024 * 1024 };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? usage(2);
    if (flag === '--only') opts.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--quick') opts.quick = true;
    else if (flag === '--write') opts.write = true;
    else if (flag === '--timeout') opts.timeoutS = Number(value());
    else if (flag === '--high') opts.high = Number(value());
    else if (flag === '--low') opts.low = Number(value());
    else if (flag === '--help' || flag === '-h') usage(0);
    else {
      process.stderr.write(`unknown argument: ${arg}\n`);
      usage(2);
    }
  }
  if (opts.only) {
    const unknown = opts.only.filter((n) => !implementationNames().includes(n));
    if (unknown.length) {
      process.stderr.write(`unknown implementation(s): ${unknown.join(', ')}\n`);
      usage(2);
    }
  }
  if (!(opts.timeoutS > 0) || !(opts.high > 0) || !(opts.low >= 0) || opts.low >= opts.high) usage(2);
}

// Sizes. --quick divides every count by 16 (connect: 20 -> 5 runs so a median still means something).
const Q = opts.quick ? 16 : 1;
const CFG = {
  connectRuns: opts.quick ? 5 : 20,
  bulkLarge: { msgSize: 64 * KiB, total: (64 * MiB) / Q },
  bulkSmall: { msgSize: 1 * KiB, total: (16 * MiB) / Q },
  small: { count: 100_000 / Q, size: 32 },
  pingpong: { count: 2_000 / Q, warmup: 50, size: 32 },
  low: opts.low, // bufferedAmountLowThreshold: resume when bufferedAmount <= this (default 1 MiB)
  high: opts.high, // pause sending while bufferedAmount >= this (default 8 MiB)
  timeoutMs: opts.timeoutS * 1000,
  stallMs: Math.min(30, opts.timeoutS) * 1000,
};

const log = (msg) => process.stderr.write(`${msg}\n`);

// Errors an implementation throws from its own timers/callbacks (often while tearing down) must not
// end the run; they are logged and attributed to the workload in progress.
let currentCtx = null;
function stray(kind, err) {
  const msg = err?.stack ?? String(err);
  log(`  ! ${kind} ${currentCtx ? `during ${currentCtx.label}` : ''}: ${msg.split('\n').slice(0, 3).join(' | ')}`);
  if (currentCtx) currentCtx.stray.push(err?.message ?? String(err));
}
process.on('unhandledRejection', (e) => stray('unhandled rejection', e));
process.on('uncaughtException', (e) => stray('uncaught exception', e));

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function byteLength(data) {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  throw new Error(`unexpected message type ${Object.prototype.toString.call(data)}`);
}

function seqOf(data) {
  const u8 = data instanceof ArrayBuffer ? new Uint8Array(data, 0, 4) : data;
  return (u8[0] | (u8[1] << 8) | (u8[2] << 16) | (u8[3] << 24)) >>> 0;
}

class WorkloadError extends Error {}

// Runs one workload with a timeout. Everything the workload opened is registered through ctx.track
// and closed afterwards, whether it finished, failed or timed out.
async function runWorkload(impl, label, fn) {
  const ctx = {
    label: `${impl.name} ${label}`,
    aborted: false,
    closers: [],
    stray: [],
    track: (close) => ctx.closers.push(close),
    progress: null, // set by a workload: () => 'received x of y'
  };
  currentCtx = ctx;
  let timer;
  let watchdog;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new WorkloadError('timeout')), CFG.timeoutMs);
    // A workload whose progress has not moved for CFG.stallMs is reported as stalled, not waited out.
    let last;
    let since = performance.now();
    watchdog = setInterval(() => {
      const now = ctx.progress?.();
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (now !== undefined && performance.now() - since >= CFG.stallMs) {
        reject(new WorkloadError(`stalled: no progress for ${Math.round(CFG.stallMs / 1000)} s`));
      }
    }, 500);
  });
  let result;
  try {
    result = { ok: true, ...(await Promise.race([fn(ctx), timeout])) };
  } catch (err) {
    let msg = err instanceof WorkloadError ? err.message : `error: ${err?.message ?? err}`;
    if (ctx.progress) msg += ` (${ctx.progress()})`;
    result = { ok: false, error: msg };
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    ctx.aborted = true;
    for (const close of ctx.closers.reverse()) {
      await Promise.race([Promise.resolve().then(close).catch(() => {}), sleep(5000)]);
    }
    await sleep(200); // let implementations finish tearing down before the next pair
    currentCtx = null;
  }
  if (ctx.stray.length) result.stray = ctx.stray;
  return result;
}

async function newPair(impl, ctx) {
  const pair = await impl.createPair({ label: 'bench', track: ctx.track });
  ctx.track(() => pair.close());
  return pair;
}

// Sends `count` messages from a with the backpressure rule shared by every implementation:
// pause while bufferedAmount >= CFG.high, resume once it is <= CFG.low (bufferedamountlow event,
// emulated by a 1 ms poll where the implementation has none; a 100 ms safety re-check guards
// against a missed event and is counted). The loop also yields to the event loop every 50 ms.
async function sendWithBackpressure(ctx, ch, count, makeMessage, stats) {
  ch.bufferedAmountLowThreshold = CFG.low;
  let wake = null;
  const offLow = ch.onBufferedAmountLow(() => {
    stats.lowEvents++;
    if (wake) wake();
  });
  const waitLow = () =>
    new Promise((resolve) => {
      const safety = setTimeout(() => {
        if (ch.bufferedAmount <= CFG.low) stats.safetyWakeups++; // the event was missed (or is late)
        wake = null;
        resolve();
      }, 100);
      wake = () => {
        clearTimeout(safety);
        wake = null;
        resolve();
      };
    });
  try {
    stats.t0 = performance.now();
    let lastYield = stats.t0;
    for (let i = 0; i < count; i++) {
      // Never hold the event loop for more than 50 ms, so that timeouts (and the receiver, which shares
      // this process) still run when an implementation's send() is slow.
      if ((i & 63) === 0 && performance.now() - lastYield > 50) {
        await new Promise((r) => setImmediate(r));
        if (ctx.aborted) throw new Error('aborted');
        lastYield = performance.now();
      }
      if (ch.bufferedAmount >= CFG.high) {
        stats.pauses++;
        stats.maxBuffered = Math.max(stats.maxBuffered, ch.bufferedAmount);
        while (ch.bufferedAmount > CFG.low) {
          if (ctx.aborted || ch.readyState !== 'open') throw new Error(`channel ${ch.readyState} while sending`);
          await waitLow();
        }
        lastYield = performance.now();
      }
      ch.send(makeMessage(i));
    }
    stats.maxBuffered = Math.max(stats.maxBuffered, ch.bufferedAmount);
  } finally {
    offLow();
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads

async function wlConnect(impl, ctx) {
  const times = [];
  let closers = [];
  ctx.progress = () => `${times.length} of ${CFG.connectRuns} runs done`;
  ctx.track(async () => {
    for (const c of closers) await Promise.resolve().then(c).catch(() => {});
  });
  for (let i = 0; i <= CFG.connectRuns; i++) {
    if (ctx.aborted) throw new Error('aborted');
    closers = [];
    const pair = await impl.createPair({ label: 'bench', track: (c) => closers.push(c) });
    if (i > 0) times.push(pair.connectMs); // run 0 warms up (module init, JIT, first certificate)
    await pair.close();
    for (const c of closers) await Promise.resolve().then(c).catch(() => {});
    await sleep(20);
  }
  times.sort((x, y) => x - y);
  return {
    connectMedianMs: percentile(times, 50),
    connectP90Ms: percentile(times, 90),
    minMs: times[0],
    maxMs: times[times.length - 1],
    slowRuns: times.filter((t) => t >= 500).length,
    runs: times.length,
  };
}

async function wlBulk(impl, ctx, { msgSize, total }) {
  const pair = await newPair(impl, ctx);
  const { a, b } = pair;
  const count = total / msgSize;
  const stats = { t0: 0, pauses: 0, lowEvents: 0, safetyWakeups: 0, maxBuffered: 0 };
  let bytes = 0;
  let msgs = 0;
  let outOfOrder = 0;
  const done = deferred();
  ctx.progress = () => `received ${msgs} of ${count} messages`;
  b.onMessage((data) => {
    const n = byteLength(data);
    if (n !== msgSize) done.reject(new Error(`received a ${n}-byte message, expected ${msgSize}`));
    if (seqOf(data) !== msgs) outOfOrder++;
    msgs++;
    bytes += n;
    if (bytes >= total) done.resolve(performance.now());
  });
  const sending = sendWithBackpressure(
    ctx,
    a,
    count,
    (i) => {
      const buf = Buffer.alloc(msgSize); // fresh buffer per message: werift keeps a reference, no copy
      buf.writeUInt32LE(i, 0);
      return buf;
    },
    stats,
  );
  sending.catch((e) => done.reject(e));
  const t1 = await done.promise;
  await sending;
  if (bytes !== total || msgs !== count) throw new Error(`received ${bytes} B in ${msgs} messages, expected ${total} B in ${count}`);
  if (outOfOrder) throw new Error(`${outOfOrder} messages out of order`);
  const secs = (t1 - stats.t0) / 1000;
  return {
    mbps: total / 1e6 / secs,
    msgsPerSec: count / secs,
    secs,
    lowEvent: a.lowEvent,
    pauses: stats.pauses,
    lowEvents: stats.lowEvents,
    safetyWakeups: stats.safetyWakeups,
    maxBuffered: stats.maxBuffered,
  };
}

async function wlSmall(impl, ctx, { count, size }) {
  const pair = await newPair(impl, ctx);
  const { a, b } = pair;
  const stats = { t0: 0, pauses: 0, lowEvents: 0, safetyWakeups: 0, maxBuffered: 0 };
  const msgFor = (i) => String(i).padStart(size, '.');
  const last = msgFor(count - 1);
  let msgs = 0;
  let bytes = 0;
  const done = deferred();
  ctx.progress = () => `received ${msgs} of ${count} messages`;
  b.onMessage((data) => {
    if (typeof data !== 'string') done.reject(new Error(`expected a string message, got ${Object.prototype.toString.call(data)}`));
    msgs++;
    bytes += data.length;
    if (msgs === count) {
      if (data !== last) done.reject(new Error(`last message was ${JSON.stringify(data)}, expected ${JSON.stringify(last)}`));
      done.resolve(performance.now());
    }
  });
  const sending = sendWithBackpressure(ctx, a, count, msgFor, stats);
  sending.catch((e) => done.reject(e));
  const t1 = await done.promise;
  await sending;
  if (bytes !== count * size) throw new Error(`received ${bytes} B, expected ${count * size}`);
  const secs = (t1 - stats.t0) / 1000;
  return { msgsPerSec: count / secs, secs, pauses: stats.pauses, maxBuffered: stats.maxBuffered };
}

// The small-strings run takes a few hundred ms, and single runs vary by 2x on a shared VM (scheduling, the
// SCTP window's ramp): each implementation runs it this many times, each on a fresh pair; the row is the median.
const SMALL_ROUNDS = 3;

async function medianRun(rounds, run, value) {
  const results = [];
  for (let i = 0; i < rounds; i++) results.push(await run());
  results.sort((x, y) => value(x) - value(y));
  return { ...results[Math.floor(results.length / 2)], rounds: results.map(value) };
}

async function wlPingPong(impl, ctx, { count, warmup, size }) {
  const pair = await newPair(impl, ctx);
  const { a, b } = pair;
  const payload = 'p'.repeat(size);
  b.onMessage((data) => b.send(data)); // echo
  const rtts = [];
  const done = deferred();
  let i = 0;
  let sentAt = 0;
  ctx.progress = () => `${i} of ${warmup + count} round trips`;
  a.onMessage((data) => {
    const now = performance.now();
    if (byteLength(data) !== size) return done.reject(new Error(`echo of ${byteLength(data)} B, expected ${size}`));
    if (i >= warmup) rtts.push(now - sentAt);
    i++;
    if (i === warmup + count) return done.resolve();
    if (ctx.aborted) return;
    sentAt = performance.now();
    a.send(payload);
  });
  sentAt = performance.now();
  a.send(payload);
  await done.promise;
  rtts.sort((x, y) => x - y);
  return { p50us: percentile(rtts, 50) * 1000, p99us: percentile(rtts, 99) * 1000, roundTrips: rtts.length };
}

// ---------------------------------------------------------------------------------------------
// Table

const sizeLabel = (b) => (b >= MiB ? `${b / MiB} MiB` : b >= KiB ? `${b / KiB} KiB` : `${b} B`);
const fmt = (n, digits) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');

const ROWS = [
  { key: 'connect', label: () => `connect, median of ${CFG.connectRuns} (ms)`, value: (r) => fmt(r.connectMedianMs, 1) },
  { key: 'connect', label: () => `connect, p90 (ms)`, value: (r) => fmt(r.connectP90Ms, 1) },
  {
    key: 'bulkLarge',
    label: () => `bulk ${sizeLabel(CFG.bulkLarge.msgSize)} msgs, ${sizeLabel(CFG.bulkLarge.total)} (MB/s)`,
    value: (r) => fmt(r.mbps, 1),
  },
  {
    key: 'bulkSmall',
    label: () => `bulk ${sizeLabel(CFG.bulkSmall.msgSize)} msgs, ${sizeLabel(CFG.bulkSmall.total)} (MB/s)`,
    value: (r) => fmt(r.mbps, 1),
  },
  { key: 'bulkSmall', label: () => `bulk ${sizeLabel(CFG.bulkSmall.msgSize)} msgs (msg/s)`, value: (r) => fmt(r.msgsPerSec, 0) },
  {
    key: 'small',
    label: () => `${CFG.small.count.toLocaleString('en-US')} × ${CFG.small.size} B strings (msg/s)`,
    value: (r) => fmt(r.msgsPerSec, 0),
  },
  {
    key: 'pingpong',
    label: () => `ping-pong ${CFG.pingpong.size} B, ${CFG.pingpong.count.toLocaleString('en-US')} round trips, p50 (µs)`,
    value: (r) => fmt(r.p50us, 0),
  },
  { key: 'pingpong', label: () => `ping-pong p99 (µs)`, value: (r) => fmt(r.p99us, 0) },
];

const WORKLOAD_LABELS = {
  connect: 'connect',
  bulkLarge: 'bulk large messages',
  bulkSmall: 'bulk 1 KiB messages',
  small: 'small strings',
  pingpong: 'ping-pong',
};

const cellEscape = (s) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function markdownTable(results) {
  const names = results.map((r) => r.name);
  const lines = [`| workload | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---:').join(' | ')} |`];
  for (const row of ROWS) {
    const cells = results.map((r) => {
      if (r.unavailable) return 'unavailable';
      const w = r.workloads[row.key];
      if (!w) return '—';
      if (!w.ok) return cellEscape(w.error.length > 24 ? `${w.error.split(/[:(]/)[0].trim()} (see notes)` : w.error);
      return row.value(w);
    });
    lines.push(`| ${row.label()} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function notes(results) {
  const out = [];
  for (const r of results) {
    if (r.unavailable) {
      out.push(`- ${r.name}: unavailable: ${cellEscape(r.unavailable)}`);
      continue;
    }
    const bulk = r.workloads.bulkLarge?.ok ? r.workloads.bulkLarge : r.workloads.bulkSmall?.ok ? r.workloads.bulkSmall : null;
    if (bulk && bulk.lowEvent !== 'native') out.push(`- ${r.name}: no bufferedamountlow event; emulated by polling bufferedAmount every 1 ms.`);
    const c = r.workloads.connect;
    if (c?.ok && c.slowRuns) {
      out.push(`- ${r.name}: ${c.slowRuns} of ${c.runs} connects took >= 500 ms (min ${fmt(c.minMs, 1)} ms, max ${fmt(c.maxMs, 1)} ms).`);
    }
    const safety = ['bulkLarge', 'bulkSmall', 'small'].reduce((n, k) => n + (r.workloads[k]?.safetyWakeups ?? 0), 0);
    if (safety) out.push(`- ${r.name}: ${safety} backpressure wake-up(s) came from the 100 ms safety re-check, not from a bufferedamountlow event.`);
    for (const [k, w] of Object.entries(r.workloads)) {
      if (!w.ok && w.error.length > 24) out.push(`- ${r.name}, ${WORKLOAD_LABELS[k]}: ${cellEscape(w.error)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Environment

function environment(selected) {
  let uname = 'unknown';
  try {
    uname = execFileSync('uname', ['-srm'], { encoding: 'utf8' }).trim();
  } catch {
    /* ignore */
  }
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    /* ignore */
  }
  const versions = selected.map((i) => `${i.name} ${i.version()}`).join(', ');
  return {
    date: new Date().toISOString(),
    machine: `${uname}, ${cpu}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} at start`,
    node: process.version,
    versions,
    network: process.env.NLW_BENCH_NETWORK || 'host network (not run through bench/run.sh)',
  };
}

function envLine(env) {
  return `${env.date} · ${env.machine} · Node ${env.node} · ${env.versions}`;
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md

const START = '<!-- datachannel:start -->';
const END = '<!-- datachannel:end -->';

function writeResults(section) {
  const file = join(benchDir, 'RESULTS.md');
  const block = `${START}\n${section}\n${END}`;
  let text;
  if (!existsSync(file)) {
    text = `# Benchmark results\n\nGenerated by the scripts in bench/; each section is rewritten by its own script.\n\n${block}\n`;
  } else {
    const old = readFileSync(file, 'utf8');
    const s = old.indexOf(START);
    const e = old.indexOf(END);
    if (s >= 0 && e > s) text = old.slice(0, s) + block + old.slice(e + END.length);
    else text = `${old.replace(/\s*$/, '')}\n\n${block}\n`;
  }
  writeFileSync(file, text);
  log(`wrote ${file}`);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const selected = IMPLEMENTATIONS.filter((i) => !opts.only || opts.only.includes(i.name));
  const env = environment(selected);
  log(`data-channel benchmark${opts.quick ? ' (--quick)' : ''}: ${selected.map((i) => i.name).join(', ')}`);
  log(`network: ${env.network}`);
  log(`per-workload timeout ${opts.timeoutS} s; backpressure: pause at bufferedAmount >= ${sizeLabel(CFG.high)}, resume at <= ${sizeLabel(CFG.low)}`);

  const results = [];
  for (const impl of selected) {
    const r = { name: impl.name, workloads: {} };
    results.push(r);
    try {
      await impl.load();
    } catch (err) {
      r.unavailable = (err?.message ?? String(err)).split('\n')[0];
      log(`[${impl.name}] unavailable: ${r.unavailable}`);
      continue;
    }
    const plan = [
      ['connect', 'connect', (ctx) => wlConnect(impl, ctx)],
      ['bulkLarge', `bulk ${sizeLabel(CFG.bulkLarge.msgSize)}`, (ctx) => wlBulk(impl, ctx, CFG.bulkLarge)],
      ['bulkSmall', `bulk ${sizeLabel(CFG.bulkSmall.msgSize)}`, (ctx) => wlBulk(impl, ctx, CFG.bulkSmall)],
      ['small', `small ${CFG.small.size} B strings`, (ctx) => medianRun(SMALL_ROUNDS, () => wlSmall(impl, ctx, CFG.small), (w) => w.msgsPerSec)],
      ['pingpong', 'ping-pong', (ctx) => wlPingPong(impl, ctx, CFG.pingpong)],
    ];
    for (const [key, label, fn] of plan) {
      log(`[${impl.name}] ${label} ...`);
      const w = await runWorkload(impl, label, fn);
      r.workloads[key] = w;
      log(`[${impl.name}] ${label}: ${describe(key, w)}`);
    }
  }

  for (const impl of selected) {
    if (impl.loaded) await Promise.race([impl.shutdown().catch(() => {}), sleep(5000)]);
  }

  const table = markdownTable(results);
  const noteLines = notes(results);
  const args = process.argv.slice(2).filter((a) => a !== '--write');
  const cmd = `${process.env.NLW_BENCH_VIA_RUN_SH ? 'bash bench/run.sh' : 'node bench/datachannel.mjs'}${args.length ? ` ${args.join(' ')}` : ''}`;
  const section = [
    `## Data channels${opts.quick ? ' (--quick sizes)' : ''}`,
    '',
    table,
    '',
    envLine(env),
    '',
    `Network: ${env.network}. Both peers in one Node process, in-process signaling, no STUN/TURN. ` +
      `MB/s = 10^6 bytes/s at the receiver, from the first send to the last byte received. ` +
      `Backpressure for every implementation: pause while bufferedAmount >= ${sizeLabel(CFG.high)}, resume at <= ${sizeLabel(CFG.low)}. ` +
      `The sender also yields to the event loop at least every 50 ms. ` +
      `Connect: new RTCPeerConnection() x2 to the channel open on both sides (one warm-up run not counted). ` +
      `Small strings: median of ${SMALL_ROUNDS} runs, each on a fresh pair (single runs vary by up to 2x). ` +
      `Ping-pong: ${CFG.pingpong.warmup} warm-up round trips not counted. Command: \`${cmd}\`.`,
    ...(noteLines.length ? ['', ...noteLines] : []),
  ].join('\n');

  process.stdout.write(`\n${table}\n\n${envLine(env)}\n${noteLines.length ? `\n${noteLines.join('\n')}\n` : ''}`);
  if (opts.write) writeResults(section);
}

function describe(key, w) {
  if (!w.ok) return w.error + (w.stray ? ` (stray: ${w.stray.join('; ')})` : '');
  const extra = w.stray ? ` (stray errors: ${w.stray.length})` : '';
  switch (key) {
    case 'connect':
      return `median ${fmt(w.connectMedianMs, 1)} ms, p90 ${fmt(w.connectP90Ms, 1)} ms, min ${fmt(w.minMs, 1)}, max ${fmt(w.maxMs, 1)} over ${w.runs} runs${extra}`;
    case 'bulkLarge':
    case 'bulkSmall':
      return (
        `${fmt(w.mbps, 1)} MB/s, ${fmt(w.msgsPerSec, 0)} msg/s in ${fmt(w.secs, 2)} s ` +
        `(low event: ${w.lowEvent}, pauses ${w.pauses}, low events ${w.lowEvents}, safety wake-ups ${w.safetyWakeups}, ` +
        `max bufferedAmount ${fmt(w.maxBuffered / MiB, 2)} MiB)${extra}`
      );
    case 'small':
      return `median ${fmt(w.msgsPerSec, 0)} msg/s of ${w.rounds.map((r) => fmt(r, 0)).join(', ')} (median run: ${fmt(w.secs, 2)} s, pauses ${w.pauses}, max bufferedAmount ${fmt(w.maxBuffered / KiB, 0)} KiB)${extra}`;
    case 'pingpong':
      return `p50 ${fmt(w.p50us, 0)} µs, p99 ${fmt(w.p99us, 0)} µs over ${w.roundTrips} round trips${extra}`;
    default:
      return JSON.stringify(w);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    log(`fatal: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
