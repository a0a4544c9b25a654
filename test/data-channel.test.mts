// Issue: RTCDataChannel and RTCSctpTransport over real SCTP between two loopback peers.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { RTCDataChannel, RTCDataChannelEvent, RTCDtlsTransport, RTCError, RTCErrorEvent, RTCPeerConnection, RTCSctpTransport } from 'node-libwebrtc';
import { loopbackPair, negotiate, throwsWith, waitConnected, waitFor, waitUntil } from './helpers.mjs';

describe('RTCDataChannel', function () {
  this.timeout(60000);
  const open: RTCPeerConnection[] = [];
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });

  const pair = () => loopbackPair((pc) => open.push(pc));

  /** A connected pair and an open channel on each side. */
  async function channelPair(init?: RTCDataChannelInit, label = 'test'): Promise<[RTCDataChannel, RTCDataChannel, RTCPeerConnection, RTCPeerConnection]> {
    const [a, b] = pair();
    const local = a.createDataChannel(label, init);
    const remote = waitFor<RTCDataChannelEvent>(b, 'datachannel').then((event) => event.channel as RTCDataChannel);
    await negotiate(a, b);
    const channel = await remote;
    if (local.readyState !== 'open') await waitFor(local, 'open');
    if (channel.readyState !== 'open') await waitFor(channel, 'open');
    return [local, channel, a, b];
  }

  describe('createDataChannel()', () => {
    it('null for maxPacketLifeTime, maxRetransmits or id converts to 0 (WebIDL unsigned short, as in Chrome)', () => {
      const [a] = pair();
      expect(a.createDataChannel('x', { maxPacketLifeTime: null } as unknown as RTCDataChannelInit).maxPacketLifeTime).to.equal(0);
      expect(a.createDataChannel('x', { maxRetransmits: null } as unknown as RTCDataChannelInit).maxRetransmits).to.equal(0);
      expect(a.createDataChannel('x', { negotiated: true, id: null } as unknown as RTCDataChannelInit).id).to.equal(0);
      throwsWith(() => a.createDataChannel('x', { maxPacketLifeTime: null, maxRetransmits: 1 } as unknown as RTCDataChannelInit), 'TypeError', TypeError);
    });

    it('reflects every RTCDataChannelInit member, on both sides', async () => {
      const [local, remote] = await channelPair({ ordered: false, maxRetransmits: 3, protocol: 'proto/1' }, 'läbel');
      for (const channel of [local, remote]) {
        expect(channel).to.be.instanceOf(RTCDataChannel);
        expect({
          label: channel.label,
          ordered: channel.ordered,
          maxRetransmits: channel.maxRetransmits,
          maxPacketLifeTime: channel.maxPacketLifeTime,
          protocol: channel.protocol,
          negotiated: channel.negotiated,
          readyState: channel.readyState,
        }).to.deep.equal({ label: 'läbel', ordered: false, maxRetransmits: 3, maxPacketLifeTime: null, protocol: 'proto/1', negotiated: false, readyState: 'open' });
      }
      expect(local.id).to.equal(remote.id);
      expect(local.id).to.be.a('number');
      const [lifetime] = await channelPair({ maxPacketLifeTime: 1500 });
      expect(lifetime.maxPacketLifeTime).to.equal(1500);
      expect(lifetime.maxRetransmits).to.equal(null);
      // webrtc-priority: the priority travels in the open message.
      const [high, remoteHigh] = await channelPair({ priority: 'high' } as RTCDataChannelInit);
      expect([local.priority, remote.priority, high.priority, remoteHigh.priority]).to.deep.equal(['low', 'low', 'high', 'high']);
    });

    it('validates its arguments (TypeError) as the spec says', () => {
      const [a] = pair();
      throwsWith(() => a.createDataChannel('x', { maxRetransmits: 1, maxPacketLifeTime: 1 }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { negotiated: true }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { negotiated: true, id: 65535 }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { negotiated: true, id: -1 }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { negotiated: true, id: 70000 }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x'.repeat(65536)), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { protocol: 'p'.repeat(65536) }), 'TypeError', TypeError);
      throwsWith(() => a.createDataChannel('x', { maxRetransmits: 65536 }), 'TypeError', TypeError);
      expect(a.createDataChannel('x'.repeat(65535)).label).to.have.length(65535);
      throwsWith(() => a.createDataChannel('x', { priority: 'urgent' } as unknown as RTCDataChannelInit), 'TypeError', TypeError);
      // An id counts only for a negotiated channel: 65535 is then ignored, not refused.
      expect(a.createDataChannel('x', { id: 65535 }).id).to.equal(null);
      // Conversions run before the closed check: a label whose conversion closes the connection.
      const [c] = pair();
      throwsWith(() => c.createDataChannel({ toString: () => (c.close(), 'x') } as unknown as string), 'InvalidStateError');
      // WebIDL reads the dictionary's members once each, in lexicographic order.
      const read: string[] = [];
      const init = Object.fromEntries(['protocol', 'ordered', 'negotiated', 'id', 'maxRetransmits', 'priority', 'maxPacketLifeTime'].map((member) => [member, undefined]));
      const spy = new Proxy(init, { get: (target, key) => (read.push(String(key)), Reflect.get(target, key)) });
      a.createDataChannel('x', spy as RTCDataChannelInit);
      expect(read.filter((key) => key in init)).to.deep.equal(['id', 'maxPacketLifeTime', 'maxRetransmits', 'negotiated', 'ordered', 'priority', 'protocol']);
    });

    it('assigns the id once the DTLS role is known; a negotiated channel keeps its own', async () => {
      const [a, b] = pair();
      const inBand = a.createDataChannel('in-band');
      expect(inBand.id).to.equal(null);
      const mine = a.createDataChannel('negotiated', { negotiated: true, id: 42 });
      const theirs = b.createDataChannel('negotiated', { negotiated: true, id: 42 });
      expect([mine.id, theirs.id, mine.negotiated]).to.deep.equal([42, 42, true]);
      let announced = 0;
      b.ondatachannel = ({ channel }) => {
        if (channel.label === 'negotiated') announced++;
      };
      await negotiate(a, b);
      expect(inBand.id).to.be.a('number');
      await Promise.all([waitFor(mine, 'open'), waitFor(theirs, 'open')]);
      const got = waitFor<MessageEvent>(theirs, 'message');
      mine.send('over id 42');
      expect((await got).data).to.equal('over id 42');
      expect(announced).to.equal(0); // negotiated channels are not announced
    });
  });

  describe('datachannel event', () => {
    it('new RTCDataChannelEvent() requires an RTCDataChannel (TypeError otherwise, as WebIDL and Chrome)', () => {
      const [a] = pair();
      const channel = a.createDataChannel('event');
      const event = new RTCDataChannelEvent('datachannel', { channel });
      expect(event.channel).to.equal(channel);
      for (const bad of [{ label: 'fake', send() {} }, null, undefined, 'channel']) {
        throwsWith(() => new RTCDataChannelEvent('datachannel', { channel: bad } as unknown as RTCDataChannelEventInit), 'TypeError');
      }
    });

    it('fires open after datachannel on the remote side and delivers every message sent at open', async () => {
      const [a, b] = pair();
      const channel = a.createDataChannel('burst');
      channel.onopen = () => {
        for (let i = 0; i < 200; i++) channel.send(`m${i}`);
      };
      const received: string[] = [];
      const remoteEvents: string[] = [];
      const done = new Promise<void>((resolve) => {
        b.ondatachannel = (event) => {
          expect(event).to.be.instanceOf(RTCDataChannelEvent);
          expect(event.channel.readyState).to.equal('open');
          remoteEvents.push('datachannel');
          // webrtc-pc announces the channel as open after the datachannel event: onopen set here runs.
          event.channel.onopen = () => remoteEvents.push('open');
          event.channel.onmessage = ({ data }) => {
            received.push(data);
            if (received.length === 200) resolve();
          };
        };
      });
      await negotiate(a, b);
      await done;
      expect(received).to.deep.equal(Array.from({ length: 200 }, (_, i) => `m${i}`));
      expect(remoteEvents).to.deep.equal(['datachannel', 'open']);
    });

    it('a channel created on a connected connection starts connecting, then fires open, and the peer reply arrives', async () => {
      const [, , a, b] = await channelPair();
      b.ondatachannel = ({ channel }) => {
        // The peer answers at once: the reply may overtake the creator's queued open announcement.
        channel.send(`reply on ${channel.label}`);
      };
      for (let i = 0; i < 5; i++) {
        const late = a.createDataChannel(`late${i}`);
        expect(late.readyState).to.equal('connecting');
        const events: string[] = [];
        late.onopen = () => events.push(`open:${late.readyState}`);
        const reply = waitFor<MessageEvent>(late, 'message').then(({ data }) => events.push(`message:${data}`));
        await reply;
        expect(events).to.deep.equal(['open:open', `message:reply on late${i}`]);
      }
    });
  });

  describe('send() and message', () => {
    it('sends strings and every kind of binary, in order, with exact contents', async () => {
      const [local, remote] = await channelPair();
      const received: (string | ArrayBuffer)[] = [];
      remote.onmessage = ({ data }) => received.push(data);
      expect(remote.binaryType).to.equal('arraybuffer');
      const floats = new Float32Array([1.5, -2.25, 3, 4]);
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      local.send('héllo ✓');
      local.send(new Uint8Array([1, 2, 3]).buffer);
      local.send(backing.subarray(2, 5)); // a view with an offset: only its bytes
      local.send(new DataView(floats.buffer, 4, 8));
      local.send(new Blob([new Uint8Array([7, 7])]));
      local.send('after the blob');
      local.send('');
      local.send(new ArrayBuffer(0));
      await waitUntil(() => received.length === 8, '8 messages arrive');
      expect(received[0]).to.equal('héllo ✓');
      expect([...new Uint8Array(received[1] as ArrayBuffer)]).to.deep.equal([1, 2, 3]);
      expect([...new Uint8Array(received[2] as ArrayBuffer)]).to.deep.equal([1, 2, 3]);
      expect([...new Float32Array(received[3] as ArrayBuffer)]).to.deep.equal([-2.25, 3]);
      expect([...new Uint8Array(received[4] as ArrayBuffer)]).to.deep.equal([7, 7]);
      expect(received[5]).to.equal('after the blob');
      expect(received[6]).to.equal('');
      expect((received[7] as ArrayBuffer).byteLength).to.equal(0);
    });

    it("binaryType 'blob' delivers Blobs; other values are ignored", async () => {
      const [local, remote] = await channelPair();
      remote.binaryType = 'blob';
      remote.binaryType = 'nonsense' as BinaryType;
      expect(remote.binaryType).to.equal('blob');
      // An enum attribute converts to a string first: a String object works, a Symbol is a TypeError.
      remote.binaryType = new String('arraybuffer') as unknown as BinaryType;
      expect(remote.binaryType).to.equal('arraybuffer');
      throwsWith(() => (remote.binaryType = Symbol('blob') as unknown as BinaryType), 'TypeError', TypeError);
      remote.binaryType = 'blob';
      const got = waitFor<MessageEvent>(remote, 'message');
      local.send(new Uint8Array([4, 5, 6]));
      const { data } = await got;
      expect(data).to.be.instanceOf(Blob);
      expect([...new Uint8Array(await (data as Blob).arrayBuffer())]).to.deep.equal([4, 5, 6]);
    });

    it('each message event is its own task: microtasks (an awaited message) run before the next one', async () => {
      const [local, remote] = await channelPair();
      const log: string[] = [];
      const listener = (event: MessageEvent) => {
        log.push(`message ${event.data}`);
        queueMicrotask(() => log.push(`microtask ${event.data}`));
      };
      remote.addEventListener('message', listener);
      for (let i = 0; i < 20; i++) local.send(String(i));
      await waitUntil(() => log.length === 40, 'all 20 messages and their microtasks');
      expect(log).to.deep.equal(Array.from({ length: 20 }, (_, i) => [`message ${i}`, `microtask ${i}`]).flat());
      remote.removeEventListener('message', listener);
      // Browser code that awaits one message at a time misses none.
      const received: string[] = [];
      const reader = (async () => {
        while (received.length < 50) received.push((await new Promise<MessageEvent>((resolve) => (remote.onmessage = resolve))).data);
      })();
      for (let i = 0; i < 50; i++) local.send(`burst ${i}`);
      await reader;
      expect(received).to.deep.equal(Array.from({ length: 50 }, (_, i) => `burst ${i}`));
    });

    it('bufferedAmount rises synchronously on send, falls as data leaves, and bufferedamountlow fires', async () => {
      const [local] = await channelPair();
      local.bufferedAmountLowThreshold = 1024;
      expect(local.bufferedAmount).to.equal(0);
      local.send(new Uint8Array(60000));
      local.send('ab✓'); // 5 bytes of UTF-8
      expect(local.bufferedAmount).to.equal(60005);
      await waitFor(local, 'bufferedamountlow');
      expect(local.bufferedAmount).to.be.at.most(1024);
      await waitUntil(() => local.bufferedAmount === 0, 'bufferedAmount is 0');
    });

    it('the sender hears its message sent before the peer in this process delivers it (engine patch 0018)', async () => {
      // Both peers run in this process on different engine threads; as in a browser, a message cannot reach
      // the peer's JavaScript before the sender's bufferedAmount has dropped and bufferedamountlow has fired
      // (WPT RTCDataChannel-bufferedAmount awaits the message, then reads the sender's bufferedAmount, or
      // awaits bufferedamountlow before listening for the message).
      for (const negotiated of [false, true]) {
        let local: RTCDataChannel;
        let remote: RTCDataChannel;
        if (negotiated) {
          const [a, b] = pair();
          local = a.createDataChannel('n', { negotiated: true, id: 3 });
          remote = b.createDataChannel('n', { negotiated: true, id: 3 });
          await negotiate(a, b);
          if (local.readyState !== 'open') await waitFor(local, 'open');
          if (remote.readyState !== 'open') await waitFor(remote, 'open');
        } else {
          [local, remote] = await channelPair();
        }
        const order: string[] = [];
        local.onbufferedamountlow = () => order.push('low');
        for (let i = 0; i < 40; i++) {
          const message = waitFor<MessageEvent>(remote, 'message').then(({ data }) => order.push(`message ${data.length} ${local.bufferedAmount}`));
          local.send('x'.repeat(1 + (i % 4) * 300));
          await message;
        }
        const expected = Array.from({ length: 40 }, (_, i) => ['low', `message ${1 + (i % 4) * 300} 0`]).flat();
        expect(order, negotiated ? 'negotiated' : 'in-band').to.deep.equal(expected);
      }
    });

    it('bufferedamountlow reaches a sender whose peer runs in a worker (nothing of the peer wakes this thread)', async () => {
      // The report of bytes sent does not wake JavaScript by itself (a peer's event in the same environment
      // usually does, together); a timer makes it arrive within a millisecond when nothing else comes.
      const worker = new Worker(
        `const { parentPort } = require('node:worker_threads');
         const { RTCPeerConnection } = require('node-libwebrtc');
         const b = new RTCPeerConnection({ iceAllowLoopback: true });
         b.onicecandidate = ({ candidate }) => candidate && parentPort.postMessage({ candidate: candidate.toJSON() });
         b.ondatachannel = ({ channel }) => { channel.onmessage = ({ data }) => { parentPort.postMessage({ got: data.byteLength }); }; };
         parentPort.on('message', async (m) => {
           if (m.offer) { await b.setRemoteDescription(m.offer); await b.setLocalDescription(); parentPort.postMessage({ answer: b.localDescription.toJSON() }); }
           if (m.candidate) await b.addIceCandidate(m.candidate);
           if (m.close) { b.close(); parentPort.close(); }
         });`,
        { eval: true },
      );
      const [a] = pair();
      const got: number[] = [];
      worker.on('message', async (m) => {
        if (m.answer) await a.setRemoteDescription(m.answer);
        if (m.candidate) await a.addIceCandidate(m.candidate);
        if (m.got) got.push(m.got);
      });
      a.onicecandidate = ({ candidate }) => candidate && worker.postMessage({ candidate: candidate.toJSON() });
      const channel = a.createDataChannel('to-worker');
      await a.setLocalDescription();
      worker.postMessage({ offer: a.localDescription!.toJSON() });
      await waitFor(channel, 'open');
      for (const size of [10, 5000, 60000]) {
        const low = waitFor(channel, 'bufferedamountlow', 2000);
        channel.send(new Uint8Array(size));
        await low;
        expect(channel.bufferedAmount).to.equal(0);
      }
      await waitUntil(() => got.length === 3, 'the worker received the three messages');
      expect(got).to.deep.equal([10, 5000, 60000]);
      worker.postMessage({ close: true });
      await new Promise((resolve) => worker.once('exit', resolve));
    });

    it('refuses what the spec refuses: too large or shared memory (TypeError), not open (InvalidStateError)', async () => {
      const [a] = pair();
      const early = a.createDataChannel('early');
      throwsWith(() => early.send('x'), 'InvalidStateError');
      // The argument is converted before the state is checked (WebIDL): shared memory is a TypeError even here.
      throwsWith(() => early.send(new Uint8Array(new SharedArrayBuffer(4))), 'TypeError', TypeError);
      const [local, remote, pc] = await channelPair();
      const max = pc.sctp!.maxMessageSize;
      expect(max).to.be.at.least(65536);
      throwsWith(() => local.send(new Uint8Array(max + 1)), 'TypeError', TypeError);
      local.send(new Uint8Array(max)); // exactly the limit is fine
      // WebIDL: no [AllowShared] on send()'s ArrayBufferView, and a SharedArrayBuffer is not an ArrayBuffer.
      throwsWith(() => local.send(new Uint8Array(new SharedArrayBuffer(4))), 'TypeError', TypeError);
      throwsWith(() => local.send(new DataView(new SharedArrayBuffer(4))), 'TypeError', TypeError);
      throwsWith(() => local.send(new SharedArrayBuffer(4) as unknown as ArrayBuffer), 'TypeError', TypeError);
      // An ArrayBuffer of another realm (a vm context) is sent as bytes.
      const got = waitFor<MessageEvent>(remote, 'message', 10000, (event) => (event.data as ArrayBuffer).byteLength === 3);
      local.send(runInNewContext('new Uint8Array([9, 8, 7]).buffer') as ArrayBuffer);
      expect([...new Uint8Array((await got).data as ArrayBuffer)]).to.deep.equal([9, 8, 7]);
      local.close();
      throwsWith(() => local.send('x'), 'InvalidStateError');
    });

    it('send(Blob): closing the connection while the Blob is read drops it quietly; a Blob that cannot be read fails the channel (error, then close)', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const [local, , pc] = await channelPair();
        local.send(new Blob([new Uint8Array(1000)]));
        local.send('after');
        pc.close();
        expect(local.readyState).to.equal('closed');
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(unhandled).to.deep.equal([]);

        // A Blob whose bytes cannot be read: the data send() accepted is lost, so the channel says so.
        class UnreadableBlob extends Blob {
          override arrayBuffer(): Promise<ArrayBuffer> {
            return Promise.reject(new Error('the file changed'));
          }
        }
        const [sender, receiver] = await channelPair();
        const events: string[] = [];
        let failure: RTCErrorEvent | undefined;
        sender.onerror = (event) => {
          failure = event as RTCErrorEvent;
          events.push('error');
        };
        sender.onclose = () => events.push('close');
        sender.send(new UnreadableBlob(['x']));
        sender.send('queued behind it');
        await waitFor(receiver, 'close');
        await waitUntil(() => events.includes('close'), 'the sender closes');
        expect(events).to.deep.equal(['error', 'close']);
        expect(failure!.error.errorDetail).to.equal('data-channel-failure');
        expect(failure!.error.message).to.contain('the file changed');
        expect(unhandled).to.deep.equal([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('a send queue past the engine limit throws OperationError and the channel stays open', async () => {
      const [local, remote] = await channelPair();
      let received = 0;
      remote.onmessage = ({ data }) => (received += (data as ArrayBuffer).byteLength);
      const chunk = new Uint8Array(64 * 1024);
      let sent = 0;
      let refused: Error | null = null;
      try {
        for (let i = 0; i < 1000; i++) {
          local.send(chunk);
          sent += chunk.byteLength;
        }
      } catch (error) {
        refused = error as Error;
      }
      expect(refused).to.be.instanceOf(DOMException);
      expect(refused!.name).to.equal('OperationError');
      expect(local.readyState).to.equal('open');
      await waitUntil(() => received === sent, 'everything accepted arrives', 30000);
      expect(local.readyState).to.equal('open');
    });

    it('carries a checksummed bulk transfer both ways with backpressure', async () => {
      const [local, remote] = await channelPair();
      const size = 8 * 1024 * 1024;
      const source = (seed: number) => {
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
        return bytes;
      };
      async function transfer(from: RTCDataChannel, to: RTCDataChannel, bytes: Uint8Array): Promise<string> {
        const hash = createHash('sha256');
        let got = 0;
        const done = new Promise<void>((resolve) => {
          to.onmessage = ({ data }) => {
            hash.update(new Uint8Array(data as ArrayBuffer));
            got += (data as ArrayBuffer).byteLength;
            if (got === size) resolve();
          };
        });
        from.bufferedAmountLowThreshold = 1024 * 1024;
        for (let offset = 0; offset < size; offset += 65536) {
          if (from.bufferedAmount > 4 * 1024 * 1024) await waitFor(from, 'bufferedamountlow');
          from.send(bytes.subarray(offset, offset + 65536));
        }
        await done;
        return hash.digest('hex');
      }
      const up = source(1);
      const down = source(2);
      const [upHash, downHash] = await Promise.all([transfer(local, remote, up), transfer(remote, local, down)]);
      expect(upHash).to.equal(createHash('sha256').update(up).digest('hex'));
      expect(downHash).to.equal(createHash('sha256').update(down).digest('hex'));
    });
  });

  describe('closing', () => {
    it('close() right after send(Blob) still sends the Blob and what followed it; messages arriving after close() are discarded', async () => {
      const [local, remote] = await channelPair();
      const received: string[] = [];
      remote.binaryType = 'arraybuffer';
      remote.onmessage = ({ data }) => received.push(typeof data === 'string' ? data : `binary(${(data as ArrayBuffer).byteLength})`);
      local.send('before');
      local.send(new Blob([new Uint8Array(100)]));
      local.send('after-blob');
      local.close();
      await waitFor(remote, 'close');
      expect(received).to.deep.equal(['before', 'binary(100)', 'after-blob']);
      expect(local.bufferedAmount).to.equal(0);

      // webrtc-pc: once close() was called, arriving data is discarded.
      const [sender, receiver] = await channelPair();
      let afterClose = 0;
      receiver.onmessage = () => {
        if (receiver.readyState !== 'open') afterClose++;
      };
      for (let i = 0; i < 50; i++) sender.send(`m${i}`);
      receiver.close();
      await waitFor(receiver, 'close');
      expect(afterClose).to.equal(0);
    });

    it('close() on a channel that never reached the wire ends in closed, with a close event', async () => {
      const [a, b] = pair();
      const early = a.createDataChannel('early');
      const other = a.createDataChannel('other');
      const events: string[] = [];
      early.onclosing = () => events.push('closing');
      early.onclose = () => events.push(`close:${early.readyState}`);
      early.close();
      expect(early.readyState).to.equal('closing');
      const labels: string[] = [];
      b.ondatachannel = ({ channel }) => labels.push(channel.label);
      await negotiate(a, b);
      await waitFor(other, 'open');
      await waitUntil(() => events.length > 0, 'the close event');
      expect(events).to.deep.equal(['close:closed']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(labels).to.deep.equal(['other']); // the closed channel was never announced to the peer
    });

    it('close() right after a burst of send() delivers every queued message first, then closes both sides', async () => {
      const [local, remote] = await channelPair();
      const count = 1000;
      const received: number[] = [];
      remote.onmessage = ({ data }) => received.push(new Uint8Array(data as ArrayBuffer)[0] + 256 * new Uint8Array(data as ArrayBuffer)[1]);
      const remoteClosed = waitFor(remote, 'close');
      const errors: string[] = [];
      local.onerror = remote.onerror = (event) => errors.push((event as RTCErrorEvent).error.message);
      for (let i = 0; i < count; i++) {
        const message = new Uint8Array(10000);
        message[0] = i & 0xff;
        message[1] = i >> 8;
        local.send(message);
      }
      local.close();
      await remoteClosed;
      expect(received).to.deep.equal(Array.from({ length: count }, (_, i) => i));
      expect(errors).to.deep.equal([]);
    });

    it('a channel the peer closes while data is still queued reports the dropped bytes (error, data-channel-failure) before close', async () => {
      const [local, remote] = await channelPair();
      let received = 0;
      remote.onmessage = ({ data }) => (received += (data as ArrayBuffer).byteLength);
      const events: string[] = [];
      let failure: RTCError | undefined;
      local.onerror = (event) => {
        failure = (event as RTCErrorEvent).error;
        events.push('error');
      };
      local.onclose = () => events.push(`close:${local.bufferedAmount}`);
      const sent = 200 * 65536;
      for (let i = 0; i < 200; i++) local.send(new Uint8Array(65536));
      // The peer closes while megabytes are still queued here: libwebrtc drops them (the peer discards data
      // after its close()), and the channel says so instead of closing as if all went out.
      setTimeout(() => remote.close(), 5);
      await waitFor(local, 'close');
      const left = local.bufferedAmount;
      expect(left, 'bytes still queued when the peer closed').to.be.greaterThan(0);
      expect(received).to.be.at.most(sent - left);
      expect(events).to.deep.equal(['error', `close:${left}`]);
      expect(failure!.errorDetail).to.equal('data-channel-failure');
      expect(failure!.message).to.contain(`at least ${left} bytes were dropped`);
    });

    it('close() with messages still queued completes on a partially reliable channel too (expired ones are abandoned)', async function () {
      this.timeout(120000);
      // Five rounds: a late copy of a FORWARD-TSN once stalled the new channel (engine patch 0007), not every time.
      const inits = [{ maxPacketLifeTime: 20 }, { maxPacketLifeTime: 20, ordered: false }, { maxRetransmits: 0 }];
      for (const init of Array.from({ length: 5 }, () => inits).flat()) {
        const [local, remote, a, b] = await channelPair(init);
        let received = 0;
        remote.onmessage = () => received++;
        const closed = Promise.all([waitFor(local, 'close'), waitFor(remote, 'close')]);
        // 6 MB: beyond the SCTP send buffer, so the last messages are abandoned and only a FORWARD-TSN (no
        // DATA) tells the peer it may perform the stream reset (engine patch 0005).
        for (let i = 0; i < 100; i++) local.send(new Uint8Array(60000));
        local.close();
        await closed;
        expect([local.readyState, remote.readyState], JSON.stringify(init)).to.deep.equal(['closed', 'closed']);
        expect(received, JSON.stringify(init)).to.be.within(1, 100);
        // The association is healthy afterwards: a new channel (it may reuse the reset stream id) carries a message.
        const next = a.createDataChannel('next');
        const nextRemote = waitFor<RTCDataChannelEvent>(b, 'datachannel').then(({ channel }) => channel);
        await waitFor(next, 'open');
        const message = nextRemote.then((channel) => waitFor<MessageEvent>(channel, 'message'));
        next.send('after the reset');
        expect((await message).data, JSON.stringify(init)).to.equal('after the reset');
        a.close();
        b.close();
      }
    });

    it('a remote channel closed right after its messages still delivers datachannel (open), open, the messages, then close', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = pair();
        const channel = a.createDataChannel(`quick${round}`);
        channel.onopen = () => {
          for (let i = 0; i < 10; i++) channel.send(`m${i}`);
          channel.close();
        };
        const events: string[] = [];
        const closed = new Promise<void>((resolve) => {
          b.ondatachannel = ({ channel: remote }) => {
            events.push(`datachannel:${remote.readyState}`);
            remote.onopen = () => events.push('open');
            remote.onmessage = ({ data }) => events.push(String(data));
            remote.onclose = () => {
              events.push('close');
              resolve();
            };
          };
        });
        await negotiate(a, b);
        await closed;
        expect(events).to.deep.equal(['datachannel:open', 'open', ...Array.from({ length: 10 }, (_, i) => `m${i}`), 'close']);
      }
    });

    it('close() before the SCTP association is up ends in closed: a channel made after the answer, and a negotiated one', async () => {
      const [a, b] = pair();
      a.createDataChannel('first');
      await negotiate(a, b); // the DTLS role is known: new channels get their id at once
      const late = a.createDataChannel('late');
      const negotiated = a.createDataChannel('negotiated', { negotiated: true, id: 7 });
      expect(late.id).to.be.a('number');
      const closed = [late, negotiated].map((channel) => waitFor(channel, 'close').then(() => channel.readyState));
      late.close();
      negotiated.close();
      expect(await Promise.all(closed)).to.deep.equal(['closed', 'closed']);
    });

    it('close() from either side: closing, then close on both, attributes kept', async () => {
      for (const closer of ['local', 'remote'] as const) {
        const [local, remote] = await channelPair({ protocol: 'p' }, 'closing');
        const id = local.id;
        const [initiator, other] = closer === 'local' ? [local, remote] : [remote, local];
        const events: string[] = [];
        other.onclosing = () => events.push(`other:closing:${other.readyState}`);
        other.onclose = () => events.push(`other:close:${other.readyState}`);
        initiator.onclose = () => events.push(`initiator:close:${initiator.readyState}`);
        initiator.close();
        expect(initiator.readyState).to.equal('closing');
        await waitUntil(() => events.length === 3, 'both sides close');
        expect(events).to.include.members(['other:closing:closing', 'other:close:closed', 'initiator:close:closed']);
        for (const channel of [local, remote]) {
          expect([channel.readyState, channel.label, channel.protocol, channel.id]).to.deep.equal(['closed', 'closing', 'p', id]);
        }
      }
    });

    it('closing the peer connection closes its channels; the remote side gets closing, error (the SCTP abort), close', async () => {
      const [local, remote, a] = await channelPair();
      const localEvents: string[] = [];
      for (const type of ['closing', 'error', 'close']) local.addEventListener(type, () => localEvents.push(type));
      const remoteEvents: string[] = [];
      let failure: RTCErrorEvent | undefined;
      remote.onerror = (event) => (failure = event as RTCErrorEvent);
      for (const type of ['closing', 'error', 'close']) remote.addEventListener(type, () => remoteEvents.push(type));
      const remoteClosed = waitFor(remote, 'close', 30000);
      a.close();
      expect(local.readyState).to.equal('closed');
      await remoteClosed;
      expect(remote.readyState).to.equal('closed');
      expect(remoteEvents).to.deep.equal(['closing', 'error', 'close']);
      expect(failure).to.be.instanceOf(RTCErrorEvent);
      expect(failure!.error).to.be.instanceOf(RTCError);
      expect(failure!.error).to.be.instanceOf(DOMException);
      expect(failure!.error.name).to.equal('OperationError');
      expect(failure!.error.errorDetail).to.equal('sctp-failure');
      expect(failure!.error.sctpCauseCode).to.equal(12); // User-Initiated Abort
      expect(localEvents, 'the closed side fires nothing').to.deep.equal([]);
    });
  });

  describe('rollback', () => {
    it('a channel whose first offer was rolled back is negotiated by the next offer and opens (engine patch 0014)', async () => {
      const [a, b] = pair();
      const channel = a.createDataChannel('after rollback');
      await a.setLocalDescription();
      expect(a.sctp).to.not.equal(null);
      const negotiationNeeded = waitFor(a, 'negotiationneeded');
      await a.setLocalDescription({ type: 'rollback' });
      expect([a.signalingState, a.sctp, channel.readyState]).to.deep.equal(['stable', null, 'connecting']);
      await negotiationNeeded; // the channel still needs its m-section
      const offer = await a.createOffer();
      expect(offer.sdp).to.match(/^m=application /m);
      const remote = waitFor<RTCDataChannelEvent>(b, 'datachannel').then(({ channel: c }) => c);
      await negotiate(a, b);
      await waitFor(channel, 'open');
      const echoed = remote.then((c) => new Promise<string>((resolve) => (c.onmessage = ({ data }) => resolve(data))));
      channel.send('hello after rollback');
      expect(await echoed).to.equal('hello after rollback');
      expect(a.sctp!.state).to.equal('connected');
    });

    it('a remote offer that brought the first data m-section, rolled back, leaves no data m-section behind', async () => {
      const [a, b] = pair();
      a.createDataChannel('remote');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setRemoteDescription({ type: 'rollback' });
      expect(b.sctp).to.equal(null);
      b.addTransceiver('audio');
      expect((await b.createOffer()).sdp).to.not.match(/^m=application /m);
      // b's own channel gets its own m-section, and opens.
      const own = b.createDataChannel('own');
      await a.setLocalDescription({ type: 'rollback' });
      expect((await b.createOffer()).sdp).to.match(/^m=application /m);
      await negotiate(b, a);
      await waitFor(own, 'open');
    });
  });

  describe('RTCSctpTransport', () => {
    it("an answer that moves SCTP onto the bundled transport gives a new pc.sctp that starts 'connecting' and fires statechange 'connected', however busy the JS thread", async () => {
      const [a, b] = pair();
      a.addTransceiver('audio');
      a.createDataChannel('x');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      const before = a.sctp;
      const applied = a.setRemoteDescription(b.localDescription!);
      // The engine applies the answer and may bring the association up before JS sees the result.
      const until = performance.now() + 500;
      while (performance.now() < until);
      await applied;
      const sctp = a.sctp!;
      expect(sctp).to.not.equal(before);
      expect(sctp.state).to.equal('connecting');
      await waitFor(sctp, 'statechange', 10000, () => sctp.state === 'connected');
    });

    it("takes maxMessageSize from the remote description, and is 'connected' before a channel is announced open", async () => {
      const [a, b] = pair();
      const channel = a.createDataChannel('x');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      // The peer can take at most 1000-byte messages.
      await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription!.sdp.replace(/a=max-message-size:\d+/, 'a=max-message-size:1000') });
      const sctp = a.sctp!;
      expect(sctp.maxMessageSize).to.equal(1000);
      const atOpen = await new Promise<string>((resolve) => {
        channel.onopen = () => resolve(`${sctp.state} ${sctp.maxChannels !== null} ${sctp.maxMessageSize}`);
      });
      expect(atOpen).to.equal('connected true 1000');
      throwsWith(() => channel.send(new Uint8Array(1001)), 'TypeError', TypeError);
      channel.send(new Uint8Array(1000));
    });

    it('has its DTLS transport, state, maxMessageSize and maxChannels', async () => {
      const [a, b] = pair();
      a.createDataChannel('x');
      await a.setLocalDescription();
      const sctp = a.sctp!;
      expect(sctp).to.be.instanceOf(RTCSctpTransport);
      expect(sctp.state).to.equal('connecting');
      expect(sctp.maxChannels).to.equal(null);
      const states: string[] = [];
      sctp.onstatechange = () => states.push(sctp.state);
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await waitConnected(a, b);
      await waitUntil(() => sctp.state === 'connected', 'SCTP connects');
      expect(states).to.deep.equal(['connected']);
      expect(sctp.transport).to.be.instanceOf(RTCDtlsTransport);
      expect(sctp.transport).to.equal(a.sctp!.transport); // identity
      expect(sctp.transport.state).to.equal('connected');
      expect(sctp.transport.iceTransport.state).to.be.oneOf(['connected', 'completed']);
      expect(sctp.transport.getRemoteCertificates()).to.have.length(1);
      expect(sctp.maxMessageSize).to.equal(262144);
      expect(sctp.maxChannels).to.be.a('number').and.to.be.greaterThan(1000);
      expect(a.sctp).to.equal(sctp);
    });

    it('is the bundled transport of the first m-line when the call also carries media', async () => {
      const [a, b] = pair();
      a.addTransceiver('audio');
      const channel = a.createDataChannel('x');
      await negotiate(a, b);
      await waitFor(channel, 'open');
      for (const pc of [a, b]) {
        await waitUntil(() => pc.sctp?.state === 'connected', 'SCTP connects');
        const media = pc.getTransceivers()[0].sender.transport;
        expect(media).to.be.instanceOf(RTCDtlsTransport);
        expect(pc.sctp!.transport).to.equal(media); // one BUNDLE transport
        expect(pc.sctp!.transport.state).to.equal('connected');
        expect(pc.sctp!.maxChannels).to.be.a('number');
      }
    });
  });

  describe('many channels, unordered and partially reliable', () => {
    it('opens 1,000 channels on one connection and each carries a message', async () => {
      const [a, b] = pair();
      const channels = Array.from({ length: 1000 }, (_, i) => a.createDataChannel(`c${i}`));
      const received = new Map<string, string>();
      b.ondatachannel = ({ channel }) => {
        channel.onmessage = ({ data }) => received.set(channel.label, data);
      };
      for (const channel of channels) channel.onopen = () => channel.send(`hello ${channel.label}`);
      await negotiate(a, b);
      await waitUntil(() => received.size === 1000, '1,000 messages on 1,000 channels', 45000);
      for (let i = 0; i < 1000; i++) expect(received.get(`c${i}`)).to.equal(`hello c${i}`);
      expect(new Set(channels.map((c) => c.id)).size).to.equal(1000);
    });

    it('unordered channels with maxRetransmits 0 and maxPacketLifeTime deliver on a clean link', async () => {
      for (const init of [{ ordered: false, maxRetransmits: 0 }, { ordered: false, maxPacketLifeTime: 100 }]) {
        const [local, remote] = await channelPair(init);
        const got = new Set<string>();
        remote.onmessage = ({ data }) => got.add(data);
        for (let i = 0; i < 100; i++) local.send(`u${i}`);
        await waitUntil(() => got.size === 100, 'all unordered messages (no loss on loopback)');
      }
    });
  });
});
