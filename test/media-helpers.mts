// Synthetic media for the media tests: patterned I420 frames and tones, and ways to check them on arrival.
import { nonstandard } from 'node-libwebrtc';

/** A frame whose left half is dark and right half bright (luma), plus a moving bar that changes each frame. */
export function patternFrame(width: number, height: number, n: number, left = 40, right = 210): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 1.5);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    data.fill(left, row, row + width / 2);
    data.fill(right, row + width / 2, row + width);
  }
  const bar = (n * 4) % (height - 8);
  data.fill(128, bar * width, (bar + 8) * width); // a grey bar moving down, so frames differ
  data.fill(128, width * height); // neutral chroma
  return { width, height, data };
}

/** Mean luma of a rectangle given in fractions of the frame. */
export function meanLuma(frame: { width: number; height: number; data: ArrayLike<number> }, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.floor(frame.height * y0); y < Math.floor(frame.height * y1); y++) {
    for (let x = Math.floor(frame.width * x0); x < Math.floor(frame.width * x1); x++) {
      sum += frame.data[y * frame.width + x];
      count++;
    }
  }
  return sum / count;
}

/** Pushes frames at `fps` into a source until stopped. */
export function feedVideo(source: InstanceType<typeof nonstandard.RTCVideoSource>, width: number, height: number, fps = 30, left = 40, right = 210): () => void {
  let n = 0;
  const timer = setInterval(() => source.onFrame(patternFrame(width, height, n++, left, right)), 1000 / fps);
  return () => clearInterval(timer);
}

/** Pushes 10 ms of a sine tone every 10 ms. */
export function feedTone(source: InstanceType<typeof nonstandard.RTCAudioSource>, frequency: number, sampleRate = 48000, amplitude = 8000): () => void {
  let t = 0;
  const frames = sampleRate / 100;
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    // Catch up with the wall clock so that the source runs at real time even if timers are late.
    const due = Math.floor((performance.now() - started) / 10) + 1;
    for (; sent < due; sent++) {
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++, t++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * t) / sampleRate));
      source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: frames });
    }
  }, 10);
  return () => clearInterval(timer);
}

/** The strongest frequency in `samples` (mono), by a coarse DFT over 20..4000 Hz in 5 Hz steps. */
export function dominantFrequency(samples: Int16Array | number[], sampleRate: number): number {
  let best = 0;
  let bestPower = -1;
  for (let f = 20; f <= 4000; f += 5) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / sampleRate;
    for (let i = 0; i < samples.length; i++) {
      re += samples[i] * Math.cos(w * i);
      im += samples[i] * Math.sin(w * i);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}

export function rms(samples: Int16Array | number[]): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** The first channel of what an RTCAudioSink delivers, as it arrives (the newest `keep` samples when given). */
export function recordFirstChannel(sink: InstanceType<typeof nonstandard.RTCAudioSink>, keep = Infinity): { samples: number[]; rate: number } {
  const recording = { samples: [] as number[], rate: 48000 };
  sink.ondata = ({ samples, sampleRate, channelCount, numberOfFrames }) => {
    recording.rate = sampleRate;
    for (let i = 0; i < numberOfFrames; i++) recording.samples.push(samples[i * channelCount]);
    if (recording.samples.length > keep) recording.samples.splice(0, recording.samples.length - keep);
  };
  return recording;
}
