// The synthetic devices: a deterministic video test pattern with a frame counter, and a 440 Hz tone. For CI
// and for machines without a camera or microphone; their labels say they are synthetic.
import { RTCAudioSource, RTCVideoSource } from '../nonstandard';
import { sourceInternals } from './source-internals';

// 3x5 digits, one row per string (1 = lit).
const DIGITS = ['111101101101111', '010110010010111', '111001111100111', '111001111001111', '101101111001001', '111100111001111', '111100111101111', '111001001001001', '111101111101111', '111101111001111'];

/** Draws `value` into the luma plane at (x, y), `scale` pixels per font pixel. */
function drawNumber(y: Uint8ClampedArray, width: number, height: number, value: number, x0: number, y0: number, scale: number): void {
  const text = String(value);
  for (let c = 0; c < text.length; c++) {
    const glyph = DIGITS[text.charCodeAt(c) - 48];
    for (let row = 0; row < 5; row++) {
      for (let col = 0; col < 3; col++) {
        if (glyph[row * 3 + col] !== '1') continue;
        for (let dy = 0; dy < scale; dy++) {
          const py = y0 + row * scale + dy;
          if (py >= height) continue;
          const start = py * width + x0 + (c * 4 + col) * scale;
          y.fill(235, Math.max(0, start), Math.min(py * width + width, start + scale));
        }
      }
    }
  }
}

/** Frame `n` of the test pattern: eight luma bars, a box moving across, and the frame number at top left. */
export function testPattern(width: number, height: number, n: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2));
  for (let x = 0; x < width; x++) {
    const luma = 16 + Math.floor((x * 8) / width) * 28;
    for (let row = 0; row < height; row++) data[row * width + x] = luma;
  }
  const box = Math.max(8, Math.floor(height / 6));
  const bx = (n * 4) % Math.max(1, width - box);
  const by = Math.floor(height / 2 - box / 2);
  for (let row = by; row < by + box && row < height; row++) data.fill(235, row * width + bx, row * width + bx + box);
  const scale = Math.max(1, Math.floor(height / 60));
  for (let row = 0; row < 7 * scale && row < height; row++) data.fill(16, row * width, row * width + Math.min(width, 40 * scale));
  drawNumber(data, width, height, n, scale, scale, scale);
  data.fill(128, width * height); // neutral chroma: a grey-scale picture
  return data;
}

export class SyntheticCamera {
  readonly source = new RTCVideoSource();
  #timer: NodeJS.Timeout | null = null;
  #frame = 0;
  width = 0;
  height = 0;
  frameRate = 0;

  start(width: number, height: number, frameRate: number): void {
    this.stop();
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
    const push = () => this.source.onFrame({ width, height, data: testPattern(width, height, this.#frame++) });
    push();
    this.#timer = setInterval(push, 1000 / frameRate); // holds the event loop while capturing, like a device
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

export class SyntheticMicrophone {
  readonly source = new RTCAudioSource();
  readonly sampleRate = 48000;
  readonly frequency = 440;
  #timer: NodeJS.Timeout | null = null;

  start(): void {
    this.stop();
    const frames = this.sampleRate / 100;
    const started = performance.now();
    let sent = 0;
    let t = 0;
    this.#timer = setInterval(() => {
      // 10 ms chunks, each once its time has passed, caught up with the wall clock so that the tone runs
      // at real time.
      const due = Math.floor((performance.now() - started) / 10);
      for (; sent < due; sent++) {
        const samples = new Int16Array(frames);
        for (let i = 0; i < frames; i++, t++) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * this.frequency * t) / this.sampleRate));
        // Its latency: how long after its last sample's time the chunk is delivered (timer lateness).
        const latency = Math.max(0, performance.now() - (started + 10 * (sent + 1)));
        sourceInternals.pushAudioWithLatency(this.source, { samples, sampleRate: this.sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: frames }, latency);
      }
    }, 10);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
