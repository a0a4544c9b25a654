// A 2-minute 640x480@30 call with a deliberately slow sink: RSS stays flat, frames are dropped and counted.
import { expect } from 'chai';
import { runFixture } from './helpers.mjs';

describe('soak: 2 minutes of 640x480@30 into a slow sink', function () {
  this.timeout(200000);
  it('keeps RSS flat and drops (and counts) the frames the sink cannot take', async () => {
    const result = await runFixture('soak.mjs', ['120'], { nodeArgs: ['--expose-gc'], timeoutMs: 190000 });
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as { handled: number; dropped: number; pushed: number; rss: { t: number; mb: number }[]; sizes: string[] };
    console.log(`      (RSS ${report.rss.filter((_, i) => i % 5 === 4).map((r) => `${r.t}s:${r.mb}MB`).join(' ')}; sink took ${report.handled} frames, dropped ${report.dropped}; sizes ${report.sizes.join(', ')})`);
    expect(report.sizes).to.deep.equal(['640x480']);
    expect(report.handled).to.be.greaterThan(1000); // ~16 fps for 2 minutes
    expect(report.dropped).to.be.greaterThan(100); // the sink is slower than the video
    // RSS saw-tooths by ~70 MB as frame buffers are freed and the allocator keeps or returns them, so the
    // peaks are compared: the last 40 s may not peak more than 25 MB above 20-60 s (a leak of one frame per
    // second alone would add ~18 MB per 40 s; sampled every 2 s).
    const peak = (from: number, to: number) => Math.max(...report.rss.filter((r) => r.t >= from && r.t <= to).map((r) => r.mb));
    const warm = peak(20, 60);
    const late = peak(report.rss[report.rss.length - 1].t - 40, Infinity);
    expect(late - warm, `RSS peaks ${warm} MB at 20-60 s, ${late} MB in the last 40 s`).to.be.below(25);
  });
});
