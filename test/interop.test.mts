// Interop with a real browser: Debian's Chromium, headless, over loopback, both directions.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { RTCDataChannel, RTCPeerConnection, RTCRtpSender, MediaStreamTrack, nonstandard } from 'node-libwebrtc';
import { BrowserPeer, CHROMIUM, nodeOffers, nodePeer } from './browser-harness.mjs';
import { waitFor, waitUntil, waitUntilAsync } from './helpers.mjs';
import { dominantFrequency, feedTone, feedVideo, recordFirstChannel, rms } from './media-helpers.mjs';

const { RTCVideoSource, RTCVideoSink, RTCAudioSource, RTCAudioSink } = nonstandard;

function pattern(size: number, seed: number, multiplier: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * multiplier + seed) & 0xff;
  return bytes;
}

describe('interop with Chromium', function () {
  this.timeout(60000);
  const browser = new BrowserPeer();
  let pc: RTCPeerConnection;
  const cleanups: (() => void)[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      (skipped: ${CHROMIUM} is not installed; \`npm test\` installs Debian's chromium)`);
      this.skip();
    }
    this.timeout(60000);
    await browser.start();
    console.log(`      (${browser.browser.version()})`);
  });
  after(async () => {
    await browser.stop();
  });
  beforeEach(async () => {
    await browser.newPage();
    pc = nodePeer(browser);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    pc.close();
    await browser.call('close').catch(() => {});
  });

  async function connectedChannel(label: string, init: RTCDataChannelInit = {}): Promise<RTCDataChannel> {
    const channel = pc.createDataChannel(label, init);
    await nodeOffers(pc, browser);
    await waitFor(channel, 'open', 20000);
    return channel;
  }

  for (const offerer of ['node', 'browser'] as const) {
    describe(`data, ${offerer} offers`, () => {
      it('a reliable ordered channel carries strings and checksummed binary both ways', async () => {
        let channel: RTCDataChannel;
        if (offerer === 'node') {
          channel = await connectedChannel('reliable');
        } else {
          const arrived = waitFor<RTCDataChannelEvent>(pc, 'datachannel', 20000);
          await browser.call('createChannel', 'reliable', {});
          await browser.call('offer');
          channel = (await arrived).channel as unknown as RTCDataChannel;
          if (channel.readyState !== 'open') await waitFor(channel, 'open');
        }
        // Strings, in order, including non-ASCII.
        const strings = Array.from({ length: 50 }, (_, i) => `message ${i} ✓ é`);
        for (const s of strings) channel.send(s);
        await waitUntilAsync(async () => (await browser.call<{ strings: string[] } | null>('channelState', 'reliable'))?.strings.length === 50, 'strings in the browser');
        expect((await browser.call<{ strings: string[] }>('channelState', 'reliable')).strings).to.deep.equal(strings);
        // Node -> browser: 4 MiB in 64 KiB messages, with backpressure.
        const up = pattern(4 * 1024 * 1024, 7, 31);
        channel.bufferedAmountLowThreshold = 1024 * 1024;
        for (let offset = 0; offset < up.length; offset += 65536) {
          if (channel.bufferedAmount > 4 * 1024 * 1024) await waitFor(channel, 'bufferedamountlow');
          channel.send(up.subarray(offset, offset + 65536));
        }
        await waitUntilAsync(async () => (await browser.call<{ bytes: number } | null>('channelState', 'reliable'))?.bytes === up.length, '4 MiB in the browser', 30000);
        expect(await browser.call('channelHash', 'reliable')).to.equal(createHash('sha256').update(up).digest('hex'));
        // Browser -> Node: 4 MiB in 16 KiB messages.
        const hash = createHash('sha256');
        let got = 0;
        const down = 4 * 1024 * 1024;
        channel.onmessage = ({ data }) => {
          if (typeof data === 'string') return;
          hash.update(new Uint8Array(data as ArrayBuffer));
          got += (data as ArrayBuffer).byteLength;
        };
        await browser.call('sendBulk', 'reliable', down, 3);
        await waitUntil(() => got === down, '4 MiB in Node', 30000);
        expect(hash.digest('hex')).to.equal(createHash('sha256').update(pattern(down, 3, 13)).digest('hex'));
      });

      it('an unordered maxRetransmits 0 channel and a negotiated channel with a chosen id', async () => {
        const negotiatedNode = pc.createDataChannel('negotiated', { negotiated: true, id: 77 });
        await browser.call('createChannel', 'negotiated', { negotiated: true, id: 77 });
        let unordered: RTCDataChannel;
        if (offerer === 'node') {
          unordered = await connectedChannel('unordered', { ordered: false, maxRetransmits: 0 });
        } else {
          const arrived = waitFor<RTCDataChannelEvent>(pc, 'datachannel', 20000);
          await browser.call('createChannel', 'unordered', { ordered: false, maxRetransmits: 0 });
          await browser.call('offer');
          unordered = (await arrived).channel as unknown as RTCDataChannel;
          if (unordered.readyState !== 'open') await waitFor(unordered, 'open');
        }
        expect([unordered.ordered, unordered.maxRetransmits]).to.deep.equal([false, 0]);
        // The browser announces the channel to its page a task after acknowledging it, so wait for the page.
        await waitUntilAsync(async () => (await browser.call('channelState', 'unordered')) !== null, 'the channel in the page');
        const state = await browser.call<{ ordered: boolean; maxRetransmits: number }>('channelState', 'unordered');
        expect([state.ordered, state.maxRetransmits]).to.deep.equal([false, 0]);
        for (let i = 0; i < 100; i++) unordered.send(`u${i}`);
        await waitUntilAsync(async () => new Set((await browser.call<{ strings: string[] } | null>('channelState', 'unordered'))?.strings).size === 100, 'unordered messages');
        if (negotiatedNode.readyState !== 'open') await waitFor(negotiatedNode, 'open');
        expect(negotiatedNode.id).to.equal(77);
        const echoed = waitFor<MessageEvent>(negotiatedNode, 'message');
        negotiatedNode.send('echo:over 77');
        expect((await echoed).data).to.equal('over 77');
        expect((await browser.call<{ id: number }>('channelState', 'negotiated')).id).to.equal(77);
      });
    });
  }

  describe('media, Node to browser', () => {
    for (const codec of ['VP8', 'VP9', 'H264']) {
      it(`the browser decodes Node's ${codec} video and Opus audio`, async () => {
        const video = new RTCVideoSource();
        const audio = new RTCAudioSource();
        const transceiver = pc.addTransceiver(video.createTrack(), { direction: 'sendonly' });
        transceiver.setCodecPreferences(RTCRtpSenderCapabilities(codec));
        pc.addTransceiver(audio.createTrack(), { direction: 'sendonly' });
        cleanups.push(feedVideo(video, 640, 480, 30), feedTone(audio, 440));
        await nodeOffers(pc, browser);
        let last: unknown = null;
        await waitUntilAsync(async () => {
          const inbound = await browser.call<any[]>('inbound');
          last = inbound;
          const v = inbound.find((s) => s.kind === 'video');
          const a = inbound.find((s) => s.kind === 'audio');
          return v?.framesDecoded > 30 && a?.packetsReceived > 50 && a?.totalAudioEnergy > 0;
        }, `${codec} frames decoded and audio in the browser`, 30000).catch((error) => {
          throw new Error(`${error.message}; the browser's inbound stats: ${JSON.stringify(last)}`);
        });
        const inbound = await browser.call<any[]>('inbound');
        const v = inbound.find((s) => s.kind === 'video');
        expect(v.codec).to.equal(`video/${codec}`);
        expect(v.frameWidth / v.frameHeight).to.be.closeTo(640 / 480, 0.05);
        expect(inbound.find((s) => s.kind === 'audio').codec).to.equal('audio/opus');
        // Both ends name the same DTLS and SRTP suites (the browser's are BoringSSL's), from opposite roles.
        const theirs = await browser.call<any>('transport');
        const ours = [...(await pc.getStats()).values()].find((s) => s.type === 'transport');
        expect(theirs.dtlsState).to.equal('connected');
        expect(ours.dtlsCipher).to.match(/^TLS_ECDHE_ECDSA_WITH_/);
        expect({ dtlsCipher: ours.dtlsCipher, srtpCipher: ours.srtpCipher, tlsVersion: ours.tlsVersion }).to.deep.equal({
          dtlsCipher: theirs.dtlsCipher,
          srtpCipher: theirs.srtpCipher,
          tlsVersion: theirs.tlsVersion,
        });
        expect([ours.dtlsRole, theirs.dtlsRole].sort()).to.deep.equal(['client', 'server']);
      });
    }
  });

  describe('media, browser to Node', () => {
    for (const codec of ['VP8', 'VP9', 'H264']) {
      it(`Node receives the browser's fake camera (${codec}) and microphone`, async () => {
        const tracks: MediaStreamTrack[] = [];
        pc.ontrack = ({ track }) => tracks.push(track as unknown as MediaStreamTrack);
        await browser.call('addUserMedia', codec);
        await browser.call('offer');
        await waitUntil(() => tracks.length === 2, 'two tracks in Node', 20000);
        const videoTrack = tracks.find((t) => t.kind === 'video')!;
        const audioTrack = tracks.find((t) => t.kind === 'audio')!;
        const frames: { width: number; height: number; data: Uint8Array }[] = [];
        const videoSink = new RTCVideoSink(videoTrack);
        videoSink.onframe = ({ frame }) => frames.push(frame);
        const audioSink = new RTCAudioSink(audioTrack);
        const recording = recordFirstChannel(audioSink, 48000); // the last second
        const { samples } = recording;
        cleanups.push(() => videoSink.stop(), () => audioSink.stop());
        await waitUntil(() => frames.length > 20 && rms(samples) > 200, 'frames and sound in Node', 30000);
        const frame = frames[frames.length - 1];
        expect(frame.data.length).to.equal(frame.width * frame.height * 1.5);
        // Chrome's fake camera draws a bright animated figure on black: the picture has real detail.
        const luma = frame.data.subarray(0, frame.width * frame.height);
        let bright = 0;
        for (const y of luma) if (y > 100) bright++;
        expect(bright / luma.length, 'share of bright pixels').to.be.within(0.005, 0.9);
        // Chrome's fake microphone beeps (with silent gaps): a tone, well above the noise floor.
        const tone = dominantFrequency(samples, recording.rate);
        expect(tone).to.be.within(100, 4000);
        const stats = [...(await pc.getStats(videoTrack)).values()];
        const inbound = stats.find((s) => s.type === 'inbound-rtp');
        expect(stats.find((s) => s.id === inbound.codecId).mimeType).to.equal(`video/${codec}`);
      });
    }
  });

  describe('abs-capture-time (header extension control)', () => {
    it('capture timestamps reach Node from the browser and the browser from Node', async () => {
      const uri = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
      const ntpNow = () => Date.now() + 2_208_988_800_000; // both ends read this machine's clock
      const tracks: MediaStreamTrack[] = [];
      pc.ontrack = ({ track }) => tracks.push(track as unknown as MediaStreamTrack);
      // Browser to Node: the browser turns the extension on and offers; Node answers it.
      await browser.call('addUserMedia', 'VP8');
      await browser.call('enableHeaderExtension', uri);
      await browser.call('offer');
      await waitUntil(() => tracks.length === 2, 'two tracks in Node', 20000);
      for (const track of tracks) {
        const sink = track.kind === 'video' ? new RTCVideoSink(track) : new RTCAudioSink(track);
        cleanups.push(() => sink.stop());
      }
      for (const receiver of pc.getReceivers()) {
        const kind = receiver.track.kind;
        await waitUntil(() => receiver.getSynchronizationSources()[0]?.captureTimestamp !== undefined, `a ${kind} capture timestamp in Node`, 20000);
        const [source] = receiver.getSynchronizationSources();
        expect(source.captureTimestamp, kind).to.be.within(ntpNow() - 2000, ntpNow() + 50);
        expect(source.senderCaptureTimeOffset, kind).to.equal(0);
      }
      // Node to the browser: Node sends its own audio and video with the extension on, and offers.
      const video = new RTCVideoSource();
      const audio = new RTCAudioSource();
      for (const track of [video.createTrack(), audio.createTrack()]) {
        const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
        transceiver.setHeaderExtensionsToNegotiate(transceiver.getHeaderExtensionsToNegotiate().map((e) => (e.uri === uri ? { uri, direction: 'sendrecv' } : e)));
      }
      cleanups.push(feedVideo(video, 320, 240, 30), feedTone(audio, 440));
      await nodeOffers(pc, browser);
      type Sources = { kind: string; sources: { captureTimestamp?: number; senderCaptureTimeOffset?: number }[] }[];
      let last: Sources = [];
      await waitUntilAsync(async () => {
        // The receivers of the browser's own (sendonly) transceivers have no sources.
        last = (await browser.call<Sources>('synchronizationSources')).filter((r) => r.sources.length > 0);
        return last.length === 2 && last.every((r) => r.sources[0].captureTimestamp !== undefined);
      }, 'capture timestamps in the browser', 20000).catch((error) => {
        throw new Error(`${error.message}: ${JSON.stringify(last)}`);
      });
      expect(last.map((r) => r.kind).sort()).to.deep.equal(['audio', 'video']);
      for (const { kind, sources } of last) {
        expect(sources[0].captureTimestamp, kind).to.be.within(ntpNow() - 2000, ntpNow() + 50);
        expect(sources[0].senderCaptureTimeOffset, kind).to.equal(0);
      }
    });
  });

  describe('renegotiation and ICE restart', () => {
    it('adds and removes tracks mid-call with both sides agreeing on every direction, and restarts ICE from each side', async () => {
      pc.onnegotiationneeded = () => nodeOffers(pc, browser);
      const channel = pc.createDataChannel('keepalive');
      await waitFor(channel, 'open', 20000);
      // Node adds a video track.
      const video = new RTCVideoSource();
      const sender = pc.addTrack(video.createTrack());
      cleanups.push(feedVideo(video, 320, 240, 30));
      await waitUntilAsync(async () => (await browser.call<any[]>('inbound')).some((s) => s.kind === 'video' && s.framesDecoded > 10), 'video in the browser', 20000);
      // The browser adds its camera (browser offers).
      const tracks: MediaStreamTrack[] = [];
      pc.ontrack = ({ track }) => tracks.push(track as unknown as MediaStreamTrack);
      await browser.call('addUserMedia', null);
      await browser.call('offer');
      await waitUntil(() => tracks.length === 2, 'browser tracks in Node', 20000);
      const bothStable = async () => {
        await waitUntil(() => pc.signalingState === 'stable', 'Node stable', 20000);
        await waitUntilAsync(async () => (await browser.call<{ signaling: string }>('states')).signaling === 'stable' &&
          (await browser.call<{ currentDirection: string | null }[]>('transceivers')).every((t) => t.currentDirection !== null), 'browser stable', 20000);
      };
      await bothStable();
      const agree = async () => {
        const remote = await browser.call<{ mid: string; currentDirection: string }[]>('transceivers');
        const opposite: Record<string, string> = { sendonly: 'recvonly', recvonly: 'sendonly', sendrecv: 'sendrecv', inactive: 'inactive', stopped: 'stopped' };
        for (const t of pc.getTransceivers()) {
          const other = remote.find((r) => r.mid === t.mid);
          expect(other, `transceiver ${t.mid}`).to.not.equal(undefined);
          expect(other!.currentDirection, `mid ${t.mid}`).to.equal(opposite[t.currentDirection!]);
        }
      };
      await agree();
      // Node removes its track.
      const removed = pc.getTransceivers().find((t) => t.sender === sender)!;
      pc.removeTrack(sender);
      // The removal's own transceiver: negotiated, it no longer sends.
      await waitUntil(() => pc.signalingState === 'stable' && !['sendonly', 'sendrecv'].includes(removed.currentDirection!), 'removal negotiated', 20000);
      await bothStable();
      await agree();
      // ICE restart from Node, then from the browser, with media flowing.
      const sink = new RTCVideoSink(tracks.find((t) => t.kind === 'video')!);
      let frames = 0;
      sink.onframe = () => frames++;
      cleanups.push(() => sink.stop());
      for (const side of ['node', 'browser']) {
        const ufrag = /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1];
        if (side === 'node') pc.restartIce();
        else await browser.call('restartIce');
        await waitUntil(() => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1] !== ufrag && pc.signalingState === 'stable', `ICE restarted from ${side}`, 20000);
        await waitUntil(() => pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed', 'connected again', 20000);
        const before = frames;
        await waitUntil(() => frames > before + 10, `media still flowing after the ${side} restart`, 20000);
      }
    });
  });
});

describe('the demo (npm start)', function () {
  this.timeout(60000);
  it('runs a live call with stats, and its page lets a browser join and watch the video', async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const port = 18000 + (process.pid % 1000);
    const demo = spawn(process.execPath, ['examples/demo.mjs', '--duration', '20', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    demo.stdout.on('data', (chunk) => (output += chunk));
    demo.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    const viewer = new BrowserPeer();
    try {
      await waitUntil(() => output.includes(`http://127.0.0.1:${port}/`), 'the demo page', 20000);
      await viewer.start();
      const page = await viewer.browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => {
        const video = document.getElementById('v') as HTMLVideoElement | null;
        return video !== null && video.videoWidth > 0 && video.currentTime > 0.5;
      }, undefined, { timeout: 30000 });
      const size = await page.evaluate(() => {
        const video = document.getElementById('v') as HTMLVideoElement;
        return [video.videoWidth, video.videoHeight];
      });
      expect(size[0]).to.be.greaterThan(0);
      await waitUntil(() => /stats .* fps, .* kbit\/s, RTT .*viewers 1/.test(output), 'stats with the viewer', 10000);
      expect(output).to.match(/bob saw [1-9]\d* frames and [1-9]\d* ms of audio/);
    } finally {
      await viewer.stop();
      demo.kill('SIGINT');
    }
    expect(await exited).to.equal(0);
  });
});

function RTCRtpSenderCapabilities(codec: string) {
  return RTCRtpSender.getCapabilities('video')!.codecs.filter((c) => c.mimeType === `video/${codec}`);
}
