// Media benchmark: the raw-frame pipeline (RTCVideoSource -> encoder -> loopback -> decoder -> RTCVideoSink)
// and the I420/RGBA conversions, node-libwebrtc next to @roamhq/wrtc in the same run. Each measurement runs
// in its own Node process, so that CPU use is that implementation's alone.
//
//   node bench/media.mjs [--write] [--seconds N]        (bench/run.sh runs it in the isolated namespace)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 10) || 10;

async function load(name) {
  if (name === 'node-libwebrtc') return import(join(here, '..', 'dist', 'esm', 'index.mjs'));
  return require('@roamhq/wrtc');
}

// ---- one measurement, in a child process ----------------------------------------------------------------------
async function pipeline(name, width, height, fps) {
  const lib = await load(name);
  const { RTCPeerConnection, nonstandard } = lib;
  const config = name === 'node-libwebrtc' ? { iceServers: [] } : { iceServers: [] };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
  b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
  const source = new nonstandard.RTCVideoSource();
  const sender = a.addTrack(source.createTrack());
  let received = 0;
  let counting = false;
  let lastSize = '';
  let sink;
  b.ontrack = ({ track }) => {
    sink = new nonstandard.RTCVideoSink(track);
    sink.onframe = ({ frame }) => {
      if (counting) received++;
      lastSize = `${frame.width}x${frame.height}`;
    };
  };
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  // Measure the pipeline at the offered size: without this the encoder may scale down to fit its start
  // bitrate or CPU budget, and the implementations would not be encoding the same frames.
  let degradation = 'maintain-resolution';
  try {
    const parameters = sender.getParameters();
    parameters.degradationPreference = 'maintain-resolution';
    // libwebrtc (like Chrome) encodes at most 60 fps unless the encoding asks for more.
    for (const encoding of parameters.encodings) encoding.maxFramerate = fps;
    await sender.setParameters(parameters);
  } catch (error) {
    degradation = `default (setParameters failed: ${error.message})`;
  }
  const frame = pannedScene(width, height, fps);
  let pushed = 0;
  let counted = 0;
  // Frames on a drift-free schedule, one timer per frame as a camera delivers them (a timer polling every
  // few ms would wake the JS thread hundreds of times a second, preempting the codec threads).
  const start = performance.now();
  let timer;
  const pump = () => {
    while (pushed < ((performance.now() - start) * fps) / 1000) {
      source.onFrame({ width, height, data: frame(pushed++) });
      if (counting) counted++;
    }
    timer = setTimeout(pump, Math.max(0, start + (pushed * 1000) / fps - performance.now()));
  };
  pump();
  await new Promise((resolve) => setTimeout(resolve, 3000)); // warm-up: connection, bandwidth ramp
  // The sender's counters: bytes for the bitrate, encode time per frame for where the time goes.
  const sent = async () => {
    const totals = { bytes: 0, encodeSeconds: 0, framesEncoded: 0 };
    try {
      (await a.getStats()).forEach((s) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
        totals.bytes += s.bytesSent;
        totals.encodeSeconds += s.totalEncodeTime ?? NaN;
        totals.framesEncoded += s.framesEncoded ?? NaN;
      });
    } catch {}
    return totals;
  };
  const sentAtStart = await sent();
  const encoderAtStart = encoderThread();
  counting = true;
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  counting = false;
  clearTimeout(timer);
  const encoderAtEnd = encoderThread();
  const encoderSeconds = encoderAtEnd.cpuSeconds - encoderAtStart.cpuSeconds;
  const sentAtEnd = await sent();
  const kbps = (sentAtEnd.bytes - sentAtStart.bytes) * 8 / elapsed / 1000;
  const encodeMs = ((sentAtEnd.encodeSeconds - sentAtStart.encodeSeconds) / (sentAtEnd.framesEncoded - sentAtStart.framesEncoded)) * 1000;
  let limitation = 'unknown';
  try {
    const stats = await a.getStats();
    stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') limitation = `${s.qualityLimitationReason ?? 'n/a'}, ${s.frameWidth}x${s.frameHeight} sent, average QP ${(s.qpSum / s.framesEncoded).toFixed(1)}`; });
  } catch {}
  sink?.stop();
  a.close();
  b.close();
  return {
    pushedFps: counted / elapsed,
    receivedFps: received / elapsed,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100,
    lastSize,
    degradation,
    limitation,
    kbps,
    encodeMs,
    encoderCpuPercent: (encoderSeconds / elapsed) * 100,
    // Time the encoder thread was ready to run but waited for a CPU, per encoded frame: part of the encode
    // time above, which is wall time.
    encoderWaitMs: ((encoderAtEnd.waitSeconds - encoderAtStart.waitSeconds) / (sentAtEnd.framesEncoded - sentAtStart.framesEncoded)) * 1000,
  };
}

// Camera-like content the encoder has real work on: a textured scene (coarse and fine detail, edges, a little
// pixel noise, coloured chroma) panning at 240 px/s right and 60 px/s down, as a camera would see it: at a
// higher frame rate each frame moves less. The texture repeats every 240 x 60 px; frames are cut from
// pre-built rows (a row copy each), so every implementation gets the same frames at the same cost.
function pannedScene(width, height, fps) {
  const tileWidth = 240;
  const tileHeight = 60;
  const hash = (x, y) => {
    let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
  // Value noise on a grid of `cell` px, periodic over the tile.
  const noise = (x, y, cell) => {
    const columns = tileWidth / cell;
    const rows = tileHeight / cell;
    const x0 = Math.floor(x / cell);
    const y0 = Math.floor(y / cell);
    const fx = x / cell - x0;
    const fy = y / cell - y0;
    const at = (i, j) => hash(i % columns, (j % rows) + cell * 1000);
    const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
    const bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
    return top + (bottom - top) * fy;
  };
  const luma = (x, y) => {
    const edge = (Math.floor(x / 20) + Math.floor(y / 15)) & 1 ? 30 : -30;
    const value = 128 + 90 * (noise(x, y, 12) - 0.5) + 40 * (noise(x, y, 4) - 0.5) + edge + 16 * (hash(x, y) - 0.5);
    return Math.max(0, Math.min(255, value));
  };
  const chroma = (x, y) => 128 + 60 * (noise(x, y, 30) - 0.5);
  const chromaWidth = width / 2;
  const chromaHeight = height / 2;
  // Rows wide enough for any horizontal offset: lumaRows[y][x] = luma(x mod 240, y); the chroma rows per
  // offset parity, chromaRows[y][p] = [U, V] with U[x] = chroma((2x + p) mod 240, y).
  const lumaRows = [];
  const chromaRows = [];
  for (let y = 0; y < tileHeight; y++) {
    const row = new Uint8Array(width + tileWidth);
    for (let x = 0; x < row.length; x++) row[x] = luma(x % tileWidth, y);
    lumaRows.push(row);
    // [U, V] per parity; V mirrors U.
    chromaRows.push([0, 1].map((p) => {
      const half = new Uint8Array(chromaWidth + tileWidth / 2);
      for (let x = 0; x < half.length; x++) half[x] = chroma((2 * x + p) % tileWidth, y);
      return [half, half.map((value) => 255 - value)];
    }));
  }
  const ring = Array.from({ length: 4 }, () => new Uint8ClampedArray(width * height * 1.5));
  // Frame n, shown at n / fps seconds.
  return (n) => {
    const data = ring[n % ring.length];
    const dx = Math.round((240 * n) / fps) % tileWidth;
    const dy = Math.round((60 * n) / fps) % tileHeight;
    for (let y = 0; y < height; y++) data.set(lumaRows[(y + dy) % tileHeight].subarray(dx, dx + width), y * width);
    const u = width * height;
    const v = u + chromaWidth * chromaHeight;
    for (let y = 0; y < chromaHeight; y++) {
      const [uRow, vRow] = chromaRows[(2 * y + dy) % tileHeight][dx & 1];
      data.set(uRow.subarray(dx >> 1, (dx >> 1) + chromaWidth), u + y * chromaWidth);
      data.set(vRow.subarray(dx >> 1, (dx >> 1) + chromaWidth), v + y * chromaWidth);
    }
    return data;
  };
}

// libwebrtc's video encoder thread ("EncoderQueue" in both implementations), from /proc: its CPU seconds
// (user+system) and the seconds it spent runnable but waiting for a CPU (schedstat).
function encoderThread() {
  const totals = { cpuSeconds: 0, waitSeconds: 0 };
  try {
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'EncoderQueue') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      totals.cpuSeconds += (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
      try {
        totals.waitSeconds += Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
      } catch {
        totals.waitSeconds = NaN; // a kernel without schedstat: the wait stays unknown, the CPU is still read
      }
    }
  } catch {
    return { cpuSeconds: NaN, waitSeconds: NaN };
  }
  return totals;
}

async function conversions(name) {
  const { nonstandard } = await load(name);
  const width = 1280;
  const height = 720;
  const i420 = { width, height, data: new Uint8ClampedArray(width * height * 1.5).fill(100) };
  const rgba = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(200) };
  const measure = (fn, bytes) => {
    for (let i = 0; i < 20; i++) fn();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 2000) {
      fn();
      n++;
    }
    return (n * bytes) / ((performance.now() - t0) / 1000) / 1e6;
  };
  return {
    i420ToRgba: measure(() => nonstandard.i420ToRgba(i420, rgba), rgba.data.byteLength),
    rgbaToI420: measure(() => nonstandard.rgbaToI420(rgba, i420), rgba.data.byteLength),
  };
}

if (args[0] === '--child') {
  const [, name, kind, width, height, fps] = args;
  const result = kind === 'pipeline' ? await pipeline(name, Number(width), Number(height), Number(fps)) : await conversions(name);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

// ---- the orchestrator ---------------------------------------------------------------------------------------
function child(...childArgs) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', ...childArgs, '--seconds', String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    const timer = setTimeout(() => p.kill('SIGKILL'), (seconds + 60) * 1000);
    p.on('exit', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve({ error: out.trim() || 'no result' });
      }
    });
  });
}

const rows = [];
const implementations = ['node-libwebrtc', '@roamhq/wrtc'];
// 240 fps is more than either implementation encodes on the bench machine: those rows are pipeline throughput.
const pipelines = [[640, 480, 30], [1280, 720, 30], [640, 480, 60], [1280, 720, 60], [640, 480, 240], [1280, 720, 240]];
// Rounds run the implementations alternately, each measurement in a fresh process, and the table gives each
// row's median: single runs on a shared 2-core VM vary by 10-20%, more than the implementations differ.
const rounds = Math.max(1, Number(args[args.indexOf('--rounds') + 1] || 5) || 5);
const runs = Object.fromEntries(implementations.map((n) => [n, {}])); // runs[name][key] = [result per round]
const record = (name, key, result) => {
  (runs[name][key] ??= []).push(result);
  process.stderr.write(`[${name}]   ${JSON.stringify(result)}\n`);
};
for (let round = 1; round <= rounds; round++) {
  for (const [width, height, fps] of pipelines) {
    for (const name of round % 2 ? implementations : [...implementations].reverse()) {
      process.stderr.write(`[round ${round}/${rounds}] [${name}] pipeline ${width}x${height} at ${fps} fps offered ...\n`);
      record(name, `${width}x${height}@${fps}`, await child(name, 'pipeline', width, height, fps));
    }
  }
  for (const name of round % 2 ? implementations : [...implementations].reverse()) {
    process.stderr.write(`[round ${round}/${rounds}] [${name}] conversions ...\n`);
    record(name, 'conversions', await child(name, 'conversions'));
  }
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
// Largest (max - min) / median over the rounds, per metric, as a noise figure for the notes.
const spread = {};
const metric = (name, key, read, label) => {
  const values = runs[name][key].map((r) => (r.error ? undefined : read(r)));
  const m = median(values);
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (m && finite.length > 1) spread[label] = Math.max(spread[label] ?? 0, (Math.max(...finite) - Math.min(...finite)) / m);
  return m;
};
const fmt = (v, digits = 1) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'error');
// In how many rounds node-libwebrtc did better than @roamhq/wrtc on a row (the rounds pair up: the two ran
// back to back), so that a difference within the rounds' noise reads as such. better: +1 higher is better,
// -1 lower is better, 0 neither (bitrate).
const roundsAhead = (key, read, better) => {
  if (!better) return '—';
  const [ours, theirs] = implementations.map((n) => runs[n][key].map((r) => (r.error ? undefined : read(r))));
  const paired = ours.map((v, i) => [v, theirs[i]]).filter((pair) => pair.every((v) => typeof v === 'number' && Number.isFinite(v)));
  return `${paired.filter(([a, b]) => (a - b) * better > 0).length} of ${paired.length}`;
};
for (const [width, height, fps] of pipelines) {
  const key = `${width}x${height}@${fps}`;
  const row = (label, read, digits, better) =>
    rows.push([`${width}x${height}, ${fps} fps offered: ${label}`, ...implementations.map((n) => fmt(metric(n, key, read, label), digits)), roundsAhead(key, read, better)]);
  row('frames/s decoded', (r) => r.receivedFps, 1, +1);
  row('CPU % (one core = 100)', (r) => r.cpuPercent, 1, -1);
  row('video bitrate sent (kbit/s)', (r) => r.kbps, 0, 0);
  row('CPU % per decoded frame/s', (r) => r.cpuPercent / r.receivedFps, 3, -1);
  row('encode time per frame (ms)', (r) => r.encodeMs, 2, -1);
  row('encoder thread CPU %', (r) => r.encoderCpuPercent, 1, -1);
}
for (const conversion of ['i420ToRgba', 'rgbaToI420']) {
  const read = (r) => r[conversion];
  rows.push([`${conversion} 1280x720 (MB/s of RGBA)`, ...implementations.map((n) => fmt(metric(n, 'conversions', read, conversion), 0)), roundsAhead('conversions', read, +1)]);
}
const percent = (label) => (spread[label] === undefined ? 'n/a' : `${Math.round(spread[label] * 100)}%`);
const lastRun = (n, key) => runs[n][key].at(-1);
// The encoder thread's wait per frame, median per pipeline ('n/a' where /proc has no schedstat).
const encoderWait = (n, key) => {
  const ms = metric(n, key, (r) => r.encoderWaitMs, 'encoder wait');
  return ms === undefined ? 'n/a' : fmt(ms, 2);
};
const encoderWaits = implementations
  .map((n) => `${n}: ${pipelines.map(([w, h, f]) => `${w}x${h}@${f} ${encoderWait(n, `${w}x${h}@${f}`)}`).join(', ')}`)
  .join(' · ');

const version = (name) => {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
  }
};
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const table = [
  '<!-- media:start -->',
  '## Media',
  '',
  `| workload | ${implementations.join(' | ')} | rounds ${implementations[0]} ahead |`,
  `| --- | ${implementations.map(() => '---:').join(' | ')} | ---: |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `${new Date().toISOString()} · ${execFileSync('uname', ['-srm'], { encoding: 'utf8' }).trim()}, ${cpu}, ${cpus().length} cores · Node ${process.version} · @roamhq/wrtc ${version('@roamhq/wrtc')}`,
  '',
  `Pipeline: RTCVideoSource -> VP8 encoder -> loopback -> decoder -> RTCVideoSink, both peers in one process, camera-like frames (a textured scene panning at 240 px/s right and 60 px/s down, so each frame moves less at a higher rate; the same frames for both) offered at 30, 60 or 240 fps (240: more than the pipeline carries, so the row is its throughput) on a drift-free schedule, one timer per frame, for ${seconds} s after a 3 s warm-up; ${rounds} rounds, implementations alternating, each measurement in a fresh process, median per row (largest spread between rounds, (max - min) / median: CPU ${percent('CPU % (one core = 100)')}, frames/s decoded ${percent('frames/s decoded')}, bitrate ${percent('video bitrate sent (kbit/s)')}, i420ToRgba ${percent('i420ToRgba')}, rgbaToI420 ${percent('rgbaToI420')}); the last column counts the rounds in which node-libwebrtc did better than @roamhq/wrtc's run of the same round (lower CPU and times, higher rates; no direction for bitrate): a row near half of them is a difference within the noise; frames/s counted at the sink; CPU is the process's user+system time over wall time (100% = one core); encode time per frame is the sender's totalEncodeTime / framesEncoded over the measured ${seconds} s, and the encoder thread's CPU is libwebrtc's EncoderQueue thread's user+system time over wall time (both run libvpx 1.12 on it, Debian's 1.12.0 here and Chromium's 1.12.0-88 inside @roamhq/wrtc: where that thread nears 100%, the row's frame rate is the codec's, not the binding's). Encode time is wall time: it includes the time the encoder thread was ready but waited for a CPU, median ms per encoded frame: ${encoderWaits} (run as root, @roamhq/wrtc's libwebrtc makes its codec threads SCHED_FIFO, which no normal (non-real-time) thread can preempt, and which starve the JavaScript thread on a busy core; here libwebrtc's threads keep the process's scheduling, as in Chromium: engine patch 0024). Degradation preference 'maintain-resolution' and the encoding's maxFramerate = the offered rate where the implementation accepts them (setParameters), so that both encode the offered size and rate: libwebrtc, like Chrome, encodes at most 60 fps unless maxFramerate asks for more; @roamhq/wrtc rejects setParameters here but its source does not cap the rate. Last round, degradation preference; sender's qualityLimitationReason, last sent size and average QP (a lower QP spends more bits and encoder time on a frame); last decoded size: ${implementations.map((n) => pipelines.map(([w, h, f]) => { const r = lastRun(n, `${w}x${h}@${f}`); return `${n} ${w}x${h}@${f}: ${r.degradation}; ${r.limitation}; ${r.lastSize} decoded`; }).join(' · ')).join(' · ')}. Conversions: 1280x720 frames for 2 s each. Command: \`bash bench/run.sh --media\`.`,
  '<!-- media:end -->',
].join('\n');
console.log(table);
if (args.includes('--write')) {
  const file = join(here, 'RESULTS.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  text = text.includes('<!-- media:start -->') ? text.replace(/<!-- media:start -->[\s\S]*<!-- media:end -->/, table) : `${text.trimEnd()}\n\n${table}\n`;
  writeFileSync(file, text);
}
