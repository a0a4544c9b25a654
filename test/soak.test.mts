// A 2-minute 640x480@30 call with a deliberately slow sink: RSS stays flat, frames are dropped and counted.
import { expect } from 'chai';
import { runFixture } from './helpers.mjs';

describe('soak: 2 minutes of 640x480@30 into a slow sink', function () {
  this.timeout(200000);
  it('keeps RSS flat and drops (and counts) the frames the sink cannot take', async () => {
    const result = await runFixture('soak.mjs', ['120'], { nodeArgs: ['--expose-gc'], timeoutMs: 190000 });
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as { handled: number; dropped: number; pushed: number; rss: { t: number; mb: number }[] };
    console.log(`      (RSS ${report.rss.map((r) => `${r.t}s:${r.mb}MB`).join(' ')}; sink took ${report.handled} frames, dropped ${report.dropped})`);
    expect(report.handled).to.be.greaterThan(1000); // ~16 fps for 2 minutes
    expect(report.dropped).to.be.greaterThan(100); // the sink is slower than the video
    // After 30 s of warm-up, memory may not grow by more than 25 MB over the remaining 90 s.
    const warm = report.rss.find((r) => r.t >= 30)!.mb;
    const last = report.rss[report.rss.length - 1].mb;
    expect(last - warm, `RSS ${warm} MB at 30 s, ${last} MB at the end`).to.be.below(25);
  });
});
