// Issue: RTCPeerConnection as webrtc-pc defines it, between two real peers over loopback.
import { expect } from 'chai';
import * as dgram from 'node:dgram';
import * as lib from 'node-libwebrtc';
import {
  nonstandard,
  RTCCertificate,
  RTCError,
  RTCIceCandidate,
  RTCPeerConnection,
  RTCPeerConnectionIceEvent,
  RTCSctpTransport,
  RTCSessionDescription,
  type NodeRTCConfiguration,
} from 'node-libwebrtc';
import { LOOPBACK, negotiate, rejectsWith, throwsWith, trickle, waitConnected, waitFor, waitUntil } from './helpers.mjs';

const never = (ms: number) => new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));

describe('RTCPeerConnection', () => {
  const open: RTCPeerConnection[] = [];
  const make = (config: ConstructorParameters<typeof RTCPeerConnection>[0] = {}) => {
    const pc = new RTCPeerConnection({ ...LOOPBACK, ...config });
    open.push(pc);
    return pc;
  };
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });
  /** Two connected peers over loopback, with a data channel negotiated. */
  async function connectedPair(): Promise<[RTCPeerConnection, RTCPeerConnection]> {
    const a = make();
    const b = make();
    trickle(a, b);
    a.createDataChannel('x');
    await negotiate(a, b);
    await waitConnected(a, b);
    return [a, b];
  }

  describe('configuration', () => {
    it('portRange (as @roamhq/wrtc has it) keeps every local candidate in the range', async () => {
      const a = make({ portRange: { min: 41000, max: 41009 } });
      const b = make();
      const ports: number[] = [];
      a.onicecandidate = ({ candidate }) => {
        if (candidate) ports.push(candidate.port!);
        void b.addIceCandidate(candidate ?? undefined).catch(() => undefined);
      };
      b.onicecandidate = ({ candidate }) => void a.addIceCandidate(candidate ?? undefined).catch(() => undefined);
      a.createDataChannel('x');
      await negotiate(a, b);
      await waitConnected(a, b);
      expect(ports.length).to.be.above(0);
      for (const port of ports) expect(port).to.be.within(41000, 41009);
      expect(a.getConfiguration().portRange).to.deep.equal({ min: 41000, max: 41009 });
      throwsWith(() => new RTCPeerConnection({ portRange: { min: 5000, max: 4000 } }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ portRange: { min: -1, max: 10 } }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ portRange: { min: 0, max: 100 } }), 'TypeError', TypeError); // 0 is "any port"
      throwsWith(() => new RTCPeerConnection({ portRange: { max: 100 } }), 'TypeError', TypeError);
      throwsWith(() => a.setConfiguration({ ...a.getConfiguration(), portRange: { min: 1, max: 2 } }), 'InvalidModificationError');
    });

    it('has the spec defaults', () => {
      const config = make().getConfiguration();
      expect(config).to.include({ iceTransportPolicy: 'all', bundlePolicy: 'balanced', rtcpMuxPolicy: 'require', iceCandidatePoolSize: 0 });
      expect(config.iceServers).to.deep.equal([]);
      expect(config.certificates).to.deep.equal([]);
    });

    it('keeps what it was given, as a copy', () => {
      const iceServers = [{ urls: ['stun:127.0.0.1:3478', 'turn:127.0.0.1:3478?transport=udp'], username: 'u', credential: 'c' }];
      const pc = make({ iceServers, iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceCandidatePoolSize: 2 });
      const config = pc.getConfiguration();
      expect(config.iceServers).to.deep.equal(iceServers);
      expect(config).to.include({ iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceCandidatePoolSize: 2 });
      config.iceServers!.length = 0;
      expect(pc.getConfiguration().iceServers).to.have.length(1);
      // A single URL string comes back as a list (webrtc-pc "set a configuration", as Chrome does).
      expect(make({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] }).getConfiguration().iceServers).to.deep.equal([{ urls: ['stun:127.0.0.1:3478'] }]);
    });

    it('validates ICE server URLs as the spec says', () => {
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'http://example.test' }] }), 'SyntaxError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'stun://127.0.0.1' }] }), 'SyntaxError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'not a url' }] }), 'SyntaxError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: [] }] }), 'SyntaxError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1?transport=udp' }] }), 'SyntaxError');
      // An empty query or fragment is still one (the URL standard's null versus empty).
      for (const urls of ['stun:127.0.0.1?', 'stun:127.0.0.1#', 'turn:127.0.0.1?']) {
        throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls, username: 'u', credential: 'c' }] }), 'SyntaxError');
      }
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'turn:127.0.0.1' }] }), 'InvalidAccessError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'turn:127.0.0.1', username: 'u' }] }), 'InvalidAccessError');
      // The spec allows empty strings; libwebrtc refuses them (README: ⚠️).
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'turn:127.0.0.1', username: '', credential: '' }] }), 'InvalidAccessError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: 'stuns:127.0.0.1' }] }), 'NotSupportedError');
      throwsWith(() => new RTCPeerConnection({ iceServers: [{} as RTCIceServer] }), 'TypeError', TypeError);
      // Schemes are case-insensitive (URL parsing lowercases them, as Chrome's getConfiguration() shows).
      const upper = make({ iceServers: [{ urls: 'STUN:127.0.0.1' }, { urls: ['Turn:127.0.0.1'], username: 'u', credential: 'p' }] });
      expect(upper.getConfiguration().iceServers!.map((server) => server.urls)).to.deep.equal([['stun:127.0.0.1'], ['turn:127.0.0.1']]);
    });

    it('reads an ICE server URL\'s host as the URL standard does (tabs and spaces dropped, IDNA), as Chrome', async () => {
      for (const url of ['stun:faß.ExAmPlE', 'stun:你好你好', 'stun:Ｇｏ.com', 'stun:ho\tst', 'stun:example\t.\norg', ' stun:example.com ']) {
        make({ iceServers: [{ urls: url }] });
      }
      // The engine gets the host and port: a STUN binding request reaches this socket.
      const server = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
      try {
        const request = new Promise<Buffer>((resolve) => server.on('message', (packet) => packet.readUInt16BE(0) === 0x0001 && resolve(packet)));
        const pc = make({ iceServers: [{ urls: ` stun:127.0.\t0.1:${server.address().port}\n` }] });
        pc.createDataChannel('x');
        await pc.setLocalDescription();
        const packet = await request;
        expect(packet.readUInt32BE(4)).to.equal(0x2112a442); // STUN magic cookie
      } finally {
        server.close();
      }
    });

    it('rejects wrong types and enum values with TypeError', () => {
      throwsWith(() => new RTCPeerConnection({ iceTransportPolicy: 'none' as RTCIceTransportPolicy }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ bundlePolicy: 'max' as RTCBundlePolicy }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ rtcpMuxPolicy: 'negotiate' as RTCRtcpMuxPolicy }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ iceCandidatePoolSize: 256 }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection({ certificates: [{}] as RTCCertificate[] }), 'TypeError', TypeError);
      throwsWith(() => new RTCPeerConnection(42 as unknown as RTCConfiguration), 'TypeError', TypeError);
    });

    it('setConfiguration() changes ICE servers and refuses what the spec forbids', async () => {
      const pc = make({ bundlePolicy: 'max-bundle' });
      pc.setConfiguration({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }], bundlePolicy: 'max-bundle', iceAllowLoopback: true });
      expect(pc.getConfiguration().iceServers).to.deep.equal([{ urls: ['stun:127.0.0.1:3478'] }]);
      throwsWith(() => pc.setConfiguration({ bundlePolicy: 'balanced', iceAllowLoopback: true }), 'InvalidModificationError');
      const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
      throwsWith(() => pc.setConfiguration({ bundlePolicy: 'max-bundle', certificates: [certificate], iceAllowLoopback: true }), 'InvalidModificationError');
      pc.createDataChannel('x');
      await pc.setLocalDescription();
      throwsWith(() => pc.setConfiguration({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 3, iceAllowLoopback: true }), 'InvalidModificationError');
      pc.close();
      throwsWith(() => pc.setConfiguration({}), 'InvalidStateError');
    });

    it('setConfiguration() keeps the nonstandard members it is not given (browser code refreshing TURN credentials)', async () => {
      const pc = make({ portRange: { min: 40000, max: 40100 }, iceInterfaces: ['127.0.0.1'] });
      pc.setConfiguration({ iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'fresh' }] });
      const configuration = pc.getConfiguration() as NodeRTCConfiguration;
      expect(configuration.iceServers).to.deep.equal([{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'fresh' }]);
      expect([configuration.iceAllowLoopback, configuration.iceInterfaces, configuration.portRange]).to.deep.equal([true, ['127.0.0.1'], { min: 40000, max: 40100 }]);
      throwsWith(() => pc.setConfiguration({ iceAllowLoopback: false }), 'InvalidModificationError');
      throwsWith(() => pc.setConfiguration({ portRange: { min: 40000, max: 40200 } }), 'InvalidModificationError');
      // Still gathers within its port range on loopback after a change (no ICE servers: nothing listens there).
      pc.setConfiguration({ iceServers: [] });
      pc.createDataChannel('x');
      await pc.setLocalDescription();
      await new Promise<void>((resolve) => { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve(); });
      const ports = [...pc.localDescription!.sdp.matchAll(/a=candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 (\d+) typ host/g)].map((m) => Number(m[1]));
      expect(ports).to.have.length.greaterThan(0);
      for (const port of ports) expect(port).to.be.within(40000, 40100);
    });
  });

  describe('offer/answer', () => {
    it('walks both sides through the signaling states with events, in order', async () => {
      const a = make();
      const b = make();
      const seen: string[] = [];
      a.onsignalingstatechange = () => seen.push(`a:${a.signalingState}`);
      b.addEventListener('signalingstatechange', () => seen.push(`b:${b.signalingState}`));
      a.createDataChannel('x');
      const offer = await a.createOffer();
      expect(a.signalingState).to.equal('stable');
      await a.setLocalDescription(offer);
      expect(a.pendingLocalDescription).to.be.instanceOf(RTCSessionDescription);
      expect(a.pendingLocalDescription!.type).to.equal('offer');
      expect(a.currentLocalDescription).to.equal(null);
      expect(a.localDescription).to.equal(a.pendingLocalDescription);
      expect(a.localDescription).to.equal(a.localDescription); // the same object each read
      await b.setRemoteDescription(offer);
      expect(b.pendingRemoteDescription!.sdp).to.equal(offer.sdp);
      expect(b.currentRemoteDescription).to.equal(null);
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      expect(b.currentLocalDescription!.type).to.equal('answer');
      expect(b.currentRemoteDescription!.type).to.equal('offer');
      expect(b.pendingRemoteDescription).to.equal(null);
      await a.setRemoteDescription(answer);
      expect(a.currentLocalDescription!.type).to.equal('offer');
      expect(a.pendingLocalDescription).to.equal(null);
      expect(a.currentRemoteDescription!.type).to.equal('answer');
      expect(seen).to.deep.equal(['a:have-local-offer', 'b:have-remote-offer', 'b:stable', 'a:stable']);
    });

    it('setLocalDescription() without an argument makes the offer and the answer implicitly', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      await a.setLocalDescription();
      expect(a.signalingState).to.equal('have-local-offer');
      expect(a.localDescription!.sdp).to.match(/^m=application /m);
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      expect(b.localDescription!.type).to.equal('answer');
      await a.setRemoteDescription(b.localDescription!);
      expect([a.signalingState, b.signalingState]).to.deep.equal(['stable', 'stable']);
    });

    it('setLocalDescription({type}) after a completed negotiation makes a new offer rather than reuse a stale one', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      const first = await a.createOffer();
      await a.setLocalDescription(first);
      await b.setRemoteDescription(first);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await a.setLocalDescription({ type: 'offer' });
      expect(a.localDescription!.sdp).not.to.equal(first.sdp); // a fresh offer (new o= version)
    });

    it('setLocalDescription({type}) uses the created offer only while it still represents the state', async () => {
      const pc = make();
      pc.addTransceiver('audio');
      const created = await pc.createOffer();
      await pc.setLocalDescription({ type: 'offer' });
      expect(pc.localDescription!.sdp).to.equal(created.sdp); // [[LastCreatedOffer]], as created
      await pc.setLocalDescription({ type: 'rollback' });
      // Changed since createOffer(): each makes the created offer stale, so a new one is made.
      const changes: [string, () => unknown][] = [
        ['addTransceiver', () => pc.addTransceiver('video')],
        ['direction', () => (pc.getTransceivers()[0].direction = 'recvonly')],
        ['createDataChannel', () => pc.createDataChannel('x')],
      ];
      for (const [what, change] of changes) {
        const stale = await pc.createOffer();
        change();
        await pc.setLocalDescription({ type: 'offer' });
        expect(pc.localDescription!.sdp, what).not.to.equal(stale.sdp);
        await pc.setLocalDescription({ type: 'rollback' });
      }
      expect(pc.localDescription).to.equal(null);
    });

    it('rolls back a local offer, which can then be set again', async () => {
      const pc = make();
      pc.createDataChannel('x');
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await pc.setLocalDescription({ type: 'rollback' });
      expect(pc.signalingState).to.equal('stable');
      expect(pc.pendingLocalDescription).to.equal(null);
      expect(pc.localDescription).to.equal(null);
      await pc.setLocalDescription(offer);
      expect(pc.signalingState).to.equal('have-local-offer');
    });

    it('a remote offer in have-local-offer rolls the local offer back first, visibly, even if it then fails', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      b.createDataChannel('y');
      const states: string[] = [];
      b.onsignalingstatechange = () => states.push(b.signalingState);
      await b.setLocalDescription();
      await b.setRemoteDescription(await a.createOffer());
      expect(states).to.deep.equal(['have-local-offer', 'stable', 'have-remote-offer']);
      await b.setLocalDescription(); // the answer
      states.length = 0;
      await b.setLocalDescription(); // a new local offer
      await rejectsWith(b.setRemoteDescription({ type: 'offer', sdp: 'not SDP' }), 'OperationError', DOMException);
      expect(states).to.deep.equal(['have-local-offer', 'stable']);
      expect(b.signalingState, 'the rollback stays').to.equal('stable');
    });

    it('rolls back a remote offer', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      await b.setRemoteDescription(await a.createOffer());
      expect(b.signalingState).to.equal('have-remote-offer');
      await b.setRemoteDescription({ type: 'rollback' });
      expect(b.signalingState).to.equal('stable');
      expect(b.remoteDescription).to.equal(null);
    });

    it('rejects what the state does not allow', async () => {
      const pc = make();
      await rejectsWith(pc.createAnswer(), 'InvalidStateError');
      const offerer = make();
      const answerer = make();
      offerer.createDataChannel('x');
      await offerer.setLocalDescription();
      await answerer.setRemoteDescription(offerer.localDescription!);
      const answer = await answerer.createAnswer();
      await rejectsWith(pc.setRemoteDescription(answer), 'InvalidStateError'); // an answer while stable
      // The state is checked before the SDP is parsed.
      await rejectsWith(pc.setRemoteDescription({ type: 'answer', sdp: 'not SDP' }), 'InvalidStateError');
      await rejectsWith(pc.setLocalDescription({ type: 'rollback' }), 'InvalidStateError'); // nothing to roll back
      await rejectsWith(pc.setRemoteDescription({ type: 'rollback' }), 'InvalidStateError');
      // setLocalDescription({type}) with a type the state does not allow, and createOffer() while answering.
      await rejectsWith(pc.setLocalDescription({ type: 'answer' }), 'InvalidStateError');
      await rejectsWith(pc.setLocalDescription({ type: 'pranswer' }), 'InvalidStateError');
      await rejectsWith(answerer.setLocalDescription({ type: 'offer' }), 'InvalidStateError');
      await rejectsWith(answerer.createOffer(), 'InvalidStateError');
      await rejectsWith(offerer.setLocalDescription({ type: 'answer' }), 'InvalidStateError');
      // With an SDP too (after its own checks): an offer of no m-sections as a pranswer while stable (WPT).
      const empty = make();
      const emptyOffer = await empty.createOffer();
      await rejectsWith(empty.setLocalDescription({ type: 'pranswer', sdp: emptyOffer.sdp }), 'InvalidStateError');
      await rejectsWith(empty.setLocalDescription({ type: 'answer', sdp: emptyOffer.sdp }), 'InvalidStateError');
      expect(empty.signalingState).to.equal('stable');
      expect([pc.signalingState, answerer.signalingState, offerer.signalingState]).to.deep.equal(['stable', 'have-remote-offer', 'have-local-offer']);
      expect(answerer.localDescription).to.equal(null);
      // setLocalDescription({type: 'pranswer'}) with no answer created: a new answer, set as a pranswer.
      const provisional = make();
      await provisional.setRemoteDescription(offerer.localDescription!);
      await provisional.setLocalDescription({ type: 'pranswer' });
      expect([provisional.signalingState, provisional.localDescription!.type]).to.deep.equal(['have-local-pranswer', 'pranswer']);
      // A remote offer is no transition from a pranswer state: InvalidStateError before the SDP is parsed.
      await rejectsWith(provisional.setRemoteDescription({ type: 'offer', sdp: 'not SDP' }), 'InvalidStateError');
      expect(provisional.localDescription!.sdp).to.match(/^a=setup:(active|passive)$/m);
      await provisional.setLocalDescription();
      expect([provisional.signalingState, provisional.localDescription!.type]).to.deep.equal(['stable', 'answer']);
    });

    it("setLocalDescription() refuses another connection's SDP (InvalidModificationError) and applies a changed one of its own, as Chrome does", async () => {
      const pc = make();
      const other = make();
      pc.createDataChannel('x');
      other.createDataChannel('x');
      // Before any createOffer(), and with the other connection's fingerprint.
      const beforeAny = await rejectsWith(pc.setLocalDescription({ type: 'offer', sdp: (await other.createOffer()).sdp }), 'InvalidModificationError');
      expect(beforeAny.message).to.include('has created no offer');
      const offer = await pc.createOffer();
      const foreign = await rejectsWith(pc.setLocalDescription({ type: 'offer', sdp: (await other.createOffer()).sdp }), 'InvalidModificationError');
      expect(foreign.message).to.include('fingerprint differs');
      const changed = offer.sdp!.replace(/^a=ice-ufrag:.*$/m, 'a=ice-ufrag:changed');
      await pc.setLocalDescription({ type: 'offer', sdp: changed });
      expect(pc.localDescription!.sdp).to.include('a=ice-ufrag:changed');
    });

    it('argument errors: TypeError as a rejection for promise methods, thrown for sync ones', async () => {
      const pc = make();
      await rejectsWith(pc.setRemoteDescription({ type: 'bogus' as RTCSdpType, sdp: '' }), 'TypeError', TypeError);
      await rejectsWith((pc.setRemoteDescription as (d?: unknown) => Promise<void>)(), 'TypeError', TypeError);
      await rejectsWith(pc.setLocalDescription({ type: 'bogus' as RTCSdpType }), 'TypeError', TypeError);
      await rejectsWith(pc.createOffer(7 as unknown as RTCOfferOptions), 'TypeError', TypeError);
      await rejectsWith(pc.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' }), 'TypeError', TypeError);
      throwsWith(() => (pc.createDataChannel as () => unknown)(), 'TypeError', TypeError);
    });

    it('the legacy callback forms work, and without a failure callback start nothing (TypeError)', async () => {
      const a = make();
      const b = make();
      a.addTransceiver('audio');
      type Legacy = (...args: unknown[]) => Promise<void>;
      const call = (pc: RTCPeerConnection, method: string, ...args: unknown[]) => ((pc as unknown as Record<string, Legacy>)[method]).call(pc, ...args);
      const failed: unknown[] = [];
      const onFailure = (error: unknown) => failed.push(error);
      let offer: RTCSessionDescriptionInit | undefined;
      expect(await call(a, 'createOffer', (d: RTCSessionDescriptionInit) => (offer = d), onFailure)).to.equal(undefined);
      expect(offer!.type).to.equal('offer');
      let applied = 0;
      await call(a, 'setLocalDescription', offer, () => applied++, onFailure);
      await call(b, 'setRemoteDescription', offer, () => applied++, onFailure);
      let answer: RTCSessionDescriptionInit | undefined;
      await call(b, 'createAnswer', (d: RTCSessionDescriptionInit) => (answer = d), onFailure);
      await call(b, 'setLocalDescription', answer, () => applied++, onFailure);
      await call(a, 'setRemoteDescription', answer, () => applied++, onFailure);
      expect(applied).to.equal(4);
      await call(a, 'createAnswer', () => {}, onFailure); // a is stable: the failure callback gets the error
      expect(failed).to.have.length(1);
      expect((failed[0] as DOMException).name).to.equal('InvalidStateError');
      // No failure callback: TypeError, and the operation never starts (no stray rejection, state unchanged).
      const c = make();
      c.addTransceiver('video');
      const stray: unknown[] = [];
      const onStray = (reason: unknown) => stray.push(reason);
      process.on('unhandledRejection', onStray);
      try {
        await rejectsWith(call(c, 'createAnswer', () => {}, 'not a function'), 'TypeError', TypeError);
        // One argument is the promise form (WebIDL overloads go by count): a function is read as the options.
        await rejectsWith(call(c, 'createAnswer', () => {}), 'InvalidStateError');
        expect(((await call(c, 'createOffer', () => {})) as unknown as RTCSessionDescriptionInit).type).to.equal('offer');
        const cOffer = await c.createOffer();
        await rejectsWith(call(c, 'setLocalDescription', cOffer, () => {}), 'TypeError', TypeError);
        // Arguments that fail to convert reject the call without calling either callback (WebIDL converts
        // before the operation); the operation's own failures go to the failure callback (above).
        const called: string[] = [];
        await rejectsWith(call(c, 'setRemoteDescription', { type: 'bogus', sdp: '' }, () => called.push('success'), () => called.push('failure')), 'TypeError', TypeError);
        await rejectsWith(call(c, 'addIceCandidate', 42, () => called.push('success'), () => called.push('failure')), 'TypeError', TypeError);
        expect(called).to.deep.equal([]);
        // Code written for callbacks ignores the returned promise: its rejection is handled (a process warning),
        // since in Node an unhandled one would end the process.
        void call(c, 'setRemoteDescription', { type: 'bogus', sdp: '' }, () => called.push('success'), () => called.push('failure'));
        void call(c, 'createAnswer', () => {}, 'not a function');
        // Operations run in order: once this one has run, a started setLocalDescription would have applied.
        await rejectsWith(c.setRemoteDescription({ type: 'rollback' }), 'InvalidStateError');
        expect(c.signalingState).to.equal('stable');
        expect(c.localDescription).to.equal(null);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(stray, 'no unhandled rejection').to.deep.equal([]);
      } finally {
        process.off('unhandledRejection', onStray);
      }
    });

    it('createOffer() and createAnswer() describe the connection as modified while they ran (webrtc-pc inspects it again)', async () => {
      const a = make();
      const pending = a.createOffer();
      a.addTransceiver('audio'); // right after the call: the offer must include it
      const offer = await pending;
      expect(offer.sdp!.match(/^m=audio/gm)).to.have.length(1);
      const b = make();
      await b.setRemoteDescription(offer);
      const answering = b.createAnswer();
      b.getTransceivers()[0].direction = 'inactive';
      expect((await answering).sdp).to.match(/a=inactive/);
    });

    it('a direction set while a description is being applied stays (the description was applied before it)', async () => {
      // As WPT's "transceiver.direction does not revert to an old state": the remote offer is already on its
      // way when the direction changes; its state must not put the old direction back.
      const a = make();
      const b = make();
      const applied = b.createOffer().then((offer) => a.setRemoteDescription(offer)).then(() => a.createAnswer());
      const transceiver = a.addTransceiver('audio', { direction: 'recvonly' });
      const changed = a.createOffer().then(() => (transceiver.direction = 'inactive'));
      await Promise.all([applied, changed]);
      expect(transceiver.direction).to.equal('inactive');
      await a.setLocalDescription();
      expect(transceiver.direction).to.equal('inactive');
      const offer = await a.createOffer();
      expect(offer.sdp).to.match(/a=inactive/);
    });

    it('a=msid without a track id (RFC 8830) is accepted: the tracks join the named stream', async () => {
      const a = make();
      const b = make();
      const stream = new lib.MediaStream([new nonstandard.RTCAudioSource().createTrack(), new nonstandard.RTCVideoSource().createTrack()]);
      for (const track of stream.getTracks()) a.addTrack(track, stream);
      await a.setLocalDescription();
      // As WPT's checkMsidNoTrackId: the a=msid lines name only the stream.
      const sdp = a.localDescription!.sdp.replace(/(a=msid:[^ \t]+).*\r\n/g, '$1\r\n');
      expect(sdp).to.include(`a=msid:${stream.id}\r\n`);
      const events: RTCTrackEvent[] = [];
      b.ontrack = (event) => events.push(event as unknown as RTCTrackEvent);
      await b.setRemoteDescription({ type: 'offer', sdp });
      expect(events.map((e) => e.track.kind)).to.deep.equal(['audio', 'video']);
      for (const event of events) expect(event.streams.map((s) => s.id)).to.deep.equal([stream.id]);
      expect(events[0].streams[0]).to.equal(events[1].streams[0]);
      expect(new Set(events.map((e) => e.track.id)).size).to.equal(2);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      for (const track of stream.getTracks()) track.stop();
    });

    it('an a=msid line repeated in one m-section names one stream (as in Chrome)', async () => {
      const a = make();
      const b = make();
      const stream = new lib.MediaStream([new nonstandard.RTCAudioSource().createTrack()]);
      a.addTrack(stream.getTracks()[0], stream);
      await a.setLocalDescription();
      const sdp = a.localDescription!.sdp.replace(/(a=msid:.*\r\n)/, '$1$1');
      expect(sdp.split(`a=msid:${stream.id} `).length).to.equal(3);
      const track = waitFor<RTCTrackEvent>(b, 'track');
      await b.setRemoteDescription({ type: 'offer', sdp });
      const event = await track;
      expect(event.streams.map((s) => s.id)).to.deep.equal([stream.id]);
      expect(event.streams[0].getTracks()).to.deep.equal([event.track]);
      expect(b.getReceivers()[0].track).to.equal(event.track);
      for (const t of stream.getTracks()) t.stop();
    });

    it('payload types 64-95 with a=rtcp-mux are refused (InvalidAccessError, RFC 5761); 35-63 and 96-127 work', async () => {
      const a = make();
      a.addTransceiver('audio');
      await a.setLocalDescription();
      const created = a.localDescription!.sdp;
      const opus = /a=rtpmap:(\d+) opus/.exec(created)![1];
      // Opus moved to another payload type: in the m= line, its attributes and RED's fmtp.
      const move = (sdp: string, from: string, pt: number) =>
        sdp
          .replace(/^m=audio .*$/m, (line) => line.replace(new RegExp(` ${from}(?= |$)`), ` ${pt}`))
          .replace(new RegExp(`^(a=(?:rtpmap|fmtp|rtcp-fb):)${from}\\b`, 'gm'), `$1${pt}`)
          .replace(new RegExp(`^(a=fmtp:\\d+ )${from}/${from}`, 'm'), `$1${pt}/${pt}`);
      const withOpusAt = (pt: number) => move(created, opus, pt);
      for (const pt of [64, 72, 95]) {
        const b = make();
        await rejectsWith(b.setRemoteDescription({ type: 'offer', sdp: withOpusAt(pt) }), 'InvalidAccessError');
        expect(b.signalingState).to.equal('stable');
      }
      const used = /^m=audio \S+ \S+ (.*)$/m.exec(created)![1].trim().split(' ').map(Number);
      const free = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).find((pt) => !used.includes(pt))!;
      for (const pt of [free(35, 63), free(96, 127)]) {
        const b = make();
        await b.setRemoteDescription({ type: 'offer', sdp: withOpusAt(pt) });
        await b.setLocalDescription();
        expect(b.localDescription!.sdp).to.match(new RegExp(`a=rtpmap:${pt} opus/48000/2`));
      }
      // A munged local description too.
      const c = make();
      c.addTransceiver('audio');
      const offer = await c.createOffer();
      const pt = /a=rtpmap:(\d+) opus/.exec(offer.sdp!)![1];
      const munged = move(offer.sdp!, pt, 80);
      await rejectsWith(c.setLocalDescription({ type: 'offer', sdp: munged }), 'InvalidAccessError');
    });

    it('a malformed remote SDP rejects with an RTCError (sdp-syntax-error)', async () => {
      const pc = make();
      const error = (await rejectsWith(pc.setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nthis is not sdp\r\n' }), 'OperationError', RTCError)) as RTCError;
      expect(error).to.be.instanceOf(DOMException);
      expect(error.errorDetail).to.equal('sdp-syntax-error');
      expect(error.message).to.match(/parse/i);
    });

    it('a remote SDP with one a=msid in two m-sections is refused, as Chrome refuses it (RFC 8830)', async () => {
      const a = make();
      const b = make();
      a.addTransceiver('video');
      const { sdp } = await a.createOffer();
      const [head, section] = sdp!.split(/\r\n(?=m=)/);
      const twice = `${head}\r\n${section}\r\n${section.replace('a=mid:', 'a=mid:x')}`;
      expect(twice.match(/^a=msid:/gm)).to.have.length(2);
      const error = (await rejectsWith(b.setRemoteDescription({ type: 'offer', sdp: twice }), 'OperationError', RTCError)) as RTCError;
      expect([error.errorDetail, error.message]).to.deep.include.members(['sdp-syntax-error']);
      expect(error.message).to.match(/Duplicate a=msid/);
      expect([b.signalingState, b.getTransceivers().length]).to.deep.equal(['stable', 0]);
      await b.setRemoteDescription({ type: 'offer', sdp: sdp! }); // the same offer, once, is fine
    });

    it('offers legacy offerToReceive* as recvonly m-lines and restarts ICE with iceRestart', async () => {
      const pc = make();
      const offer = await pc.createOffer({ offerToReceiveAudio: true, offerToReceiveVideo: true });
      expect(offer.sdp).to.match(/^m=audio [\s\S]*a=recvonly/m);
      expect(offer.sdp).to.match(/^m=video /m);
      // The transceivers exist from createOffer() on, as in Chrome.
      expect(pc.getTransceivers().map((t) => [t.receiver.track.kind, t.direction])).to.deep.equal([['audio', 'recvonly'], ['video', 'recvonly']]);
      await pc.setLocalDescription(offer);
      const ufrag = /^a=ice-ufrag:(.*)$/m.exec(offer.sdp!)![1];
      expect((await pc.createOffer({ offerToReceiveAudio: false })).sdp).to.match(/^m=audio [\s\S]*?a=inactive/m);
      expect(pc.getTransceivers()[0].direction).to.equal('inactive');
      await pc.setLocalDescription({ type: 'rollback' });
      const restarted = await pc.createOffer({ iceRestart: true });
      expect(/^a=ice-ufrag:(.*)$/m.exec(restarted.sdp!)![1]).not.to.equal(ufrag);
    });

    it('restartIce() makes negotiation needed and the next offer carries new credentials; before any local description it does nothing', async () => {
      // webrtc-pc: it replaces the local descriptions' credentials; a new connection has none to replace.
      const fresh = make();
      let early = 0;
      fresh.onnegotiationneeded = () => early++;
      fresh.restartIce();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(early, 'negotiationneeded after restartIce() on a new connection').to.equal(0);
      const [a, b] = await connectedPair();
      const ufrag = /^a=ice-ufrag:(.*)$/m.exec(a.localDescription!.sdp)![1];
      const needed = waitFor(a, 'negotiationneeded');
      a.restartIce();
      await needed;
      const offer = await a.createOffer();
      expect(/^a=ice-ufrag:(.*)$/m.exec(offer.sdp!)![1]).not.to.equal(ufrag);
      await a.setLocalDescription(offer);
      await b.setRemoteDescription(offer);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await waitConnected(a, b);
    });

    it('fires negotiationneeded once for the first data channel, never during an operation', async () => {
      const pc = make();
      let count = 0;
      pc.onnegotiationneeded = () => count++;
      pc.createDataChannel('a');
      pc.createDataChannel('b');
      await waitFor(pc, 'negotiationneeded').catch(() => {});
      await never(50);
      expect(count).to.equal(1);
    });

    it('handles glare with the perfect negotiation pattern (rollback)', async () => {
      const peers = [make(), make()];
      const polite = [true, false];
      const signal = (from: number, message: { description?: RTCSessionDescriptionInit | null; candidate?: RTCIceCandidateInit | null }) =>
        setImmediate(() => receive(1 - from, message));
      const makingOffer = [false, false];
      const ignoreOffer = [false, false];
      peers.forEach((pc, i) => {
        pc.onicecandidate = ({ candidate }) => signal(i, { candidate });
        pc.onnegotiationneeded = async () => {
          try {
            makingOffer[i] = true;
            await pc.setLocalDescription();
            signal(i, { description: pc.localDescription });
          } finally {
            makingOffer[i] = false;
          }
        };
      });
      async function receive(i: number, { description, candidate }: { description?: RTCSessionDescriptionInit | null; candidate?: RTCIceCandidateInit | null }) {
        const pc = peers[i];
        if (description) {
          const collision = description.type === 'offer' && (makingOffer[i] || pc.signalingState !== 'stable');
          ignoreOffer[i] = !polite[i] && collision;
          if (ignoreOffer[i]) return;
          await pc.setRemoteDescription(description);
          if (description.type === 'offer') {
            await pc.setLocalDescription();
            signal(i, { description: pc.localDescription });
          }
        } else if (candidate) {
          try {
            await pc.addIceCandidate(candidate);
          } catch (error) {
            if (!ignoreOffer[i]) throw error;
          }
        }
      }
      // Both sides want to negotiate at the same moment.
      peers[0].createDataChannel('from-0');
      peers[1].createDataChannel('from-1');
      await waitConnected(...peers);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(peers.map((pc) => pc.signalingState)).to.deep.equal(['stable', 'stable']);
    });
  });

  describe('ICE', () => {
    it('gathers loopback host candidates, then completes with a null candidate after icegatheringstatechange', async () => {
      const pc = make();
      const order: string[] = [];
      const candidates: RTCIceCandidate[] = [];
      pc.onicegatheringstatechange = () => order.push(`gathering:${pc.iceGatheringState}`);
      pc.onicecandidate = (event) => {
        expect(event).to.be.instanceOf(RTCPeerConnectionIceEvent);
        if (event.candidate) {
          candidates.push(event.candidate as RTCIceCandidate);
          if (order.at(-1) !== 'candidate') order.push('candidate');
        } else {
          order.push('null');
        }
      };
      pc.createDataChannel('x');
      await pc.setLocalDescription();
      await waitFor(pc, 'icecandidate', 10000, (event) => (event as RTCPeerConnectionIceEvent).candidate === null);
      expect(order).to.deep.equal(['gathering:gathering', 'candidate', 'gathering:complete', 'null']);
      expect(candidates.length).to.be.greaterThan(0);
      for (const candidate of candidates) {
        expect(candidate).to.be.instanceOf(RTCIceCandidate);
        expect(['127.0.0.1', '::1']).to.include(candidate.address);
        expect(candidate.type).to.equal('host');
        expect(candidate.sdpMid).to.equal('0');
        expect(candidate.usernameFragment).to.equal(/^a=ice-ufrag:(.*)$/m.exec(pc.localDescription!.sdp)![1]);
      }
      // The local description now lists what was gathered.
      for (const c of candidates) expect(pc.localDescription!.sdp).to.contain(`${c.foundation} 1 ${c.protocol} ${c.priority} ${c.address} ${c.port} typ host`);
    });

    it('RTCIceTransport lists its parameters and candidates as the descriptions and onicecandidate have them', async () => {
      const a = make();
      const b = make();
      const sent: globalThis.RTCIceCandidate[] = [];
      a.onicecandidate = ({ candidate }) => {
        if (!candidate) return;
        sent.push(candidate);
        b.addIceCandidate(candidate).catch(() => {});
      };
      b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate).catch(() => {});
      a.addTransceiver('audio');
      a.createDataChannel('x'); // a second m-line: BUNDLE puts both on the first one's transport
      await negotiate(a, b);
      await waitConnected(a, b);
      await waitUntil(() => a.iceGatheringState === 'complete', 'gathering completes');
      const ice = a.getTransceivers()[0].sender.transport!.iceTransport;
      const remoteIce = b.getTransceivers()[0].receiver.transport!.iceTransport;
      // The answerer is controlled as soon as its answer is applied (RFC 8445; the engine's role, read live).
      expect([ice.role, remoteIce.role]).to.deep.equal(['controlling', 'controlled']);
      const ufrag = (sdp: string) => /^a=ice-ufrag:(.*)$/m.exec(sdp)![1];
      const pwd = (sdp: string) => /^a=ice-pwd:(.*)$/m.exec(sdp)![1];
      expect(ice.getLocalParameters()).to.deep.equal({ usernameFragment: ufrag(a.localDescription!.sdp), password: pwd(a.localDescription!.sdp) });
      expect(ice.getRemoteParameters()).to.deep.equal({ usernameFragment: ufrag(b.localDescription!.sdp), password: pwd(b.localDescription!.sdp) });
      expect(remoteIce.getRemoteParameters()).to.deep.equal(ice.getLocalParameters());
      const local = ice.getLocalCandidates();
      expect(local.length).to.be.greaterThan(0);
      for (const candidate of local) {
        expect(candidate).to.be.instanceOf(RTCIceCandidate);
        expect([candidate.sdpMid, candidate.sdpMLineIndex]).to.deep.equal(['0', 0]);
      }
      // Exactly what onicecandidate delivered for this transport's m-line.
      expect(local.map((c) => c.candidate).sort()).to.deep.equal(sent.filter((c) => c.sdpMid === '0').map((c) => c.candidate).sort());
      expect(remoteIce.getRemoteCandidates().map((c) => c.candidate).sort()).to.deep.equal(local.map((c) => c.candidate).sort());
      // remoteDescription lists the candidates added with addIceCandidate() (webrtc-pc).
      for (const candidate of local) expect(b.remoteDescription!.sdp).to.contain(`${candidate.address} ${candidate.port} typ`);
      const selected = ice.getSelectedCandidatePair()!;
      expect(local.map((c) => `${c.address}:${c.port}`)).to.include(`${selected.local.address}:${selected.local.port}`);
    });

    it('an RTCIceTransport takes its role when the description is applied: the answerer is controlled once its answer is set', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('role');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      // RFC 8445 (both sides full ICE): the offerer controls; read at once, before any ICE state change.
      expect([a.sctp!.transport.iceTransport.role, b.sctp!.transport.iceTransport.role]).to.deep.equal(['controlling', 'controlled']);
      a.close();
      b.close();
    });

    it("a selected pair's peer-reflexive remote candidate becomes the candidate the peer signals once it is added", async () => {
      const a = make();
      const b = make();
      // b's candidates reach a only once a is connected: a learns b's address from its checks first (prflx).
      const late: RTCIceCandidateInit[] = [];
      a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
      b.onicecandidate = ({ candidate }) => candidate && late.push(candidate.toJSON());
      const channel = a.createDataChannel('prflx');
      await negotiate(a, b);
      await waitFor(channel, 'open');
      const ice = a.sctp!.transport.iceTransport;
      expect(ice.getSelectedCandidatePair()!.remote.type).to.equal('prflx');
      // Its address is not known to JavaScript: getStats() leaves address and ip out (webrtc-stats, as Chrome).
      const remoteCandidates = async () => [...(await a.getStats()).values()].filter((s) => s.type === 'remote-candidate');
      const prflx = (await remoteCandidates()).filter((s) => s.candidateType === 'prflx');
      expect(prflx).to.not.be.empty;
      for (const stats of prflx) expect(stats).to.not.have.any.keys('address', 'ip');
      for (const candidate of late) await a.addIceCandidate(candidate);
      const signalled = (await remoteCandidates()).filter((s) => s.candidateType === 'host');
      expect(signalled.map((s) => s.address)).to.include('127.0.0.1');
      const pair = ice.getSelectedCandidatePair()!;
      const peer = b.sctp!.transport.iceTransport.getSelectedCandidatePair()!;
      expect(pair.remote.type).to.equal('host');
      expect(pair.remote.candidate).to.equal(peer.local.candidate);
      expect(pair.local.candidate).to.equal(peer.remote.candidate);
    });

    for (const bundled of [true, false]) {
      it(`iceConnectionState and connectionState already agree with the transports in their statechange (${bundled ? 'one transport' : 'two transports'})`, async () => {
        const a = make({ bundlePolicy: 'max-compat' });
        const b = make();
        const log: string[] = [];
        a.addEventListener('iceconnectionstatechange', () => log.push(`pc:${a.iceConnectionState}`));
        a.addEventListener('connectionstatechange', () => log.push(`pc-connection:${a.connectionState}`));
        trickle(a, b);
        a.addTransceiver('audio');
        a.createDataChannel('x');
        const offer = await a.createOffer();
        await a.setLocalDescription(offer);
        // Without a=group:BUNDLE the answer keeps one transport per m-line.
        await b.setRemoteDescription({ type: 'offer', sdp: bundled ? offer.sdp! : offer.sdp!.replace(/a=group:BUNDLE.*\r\n/, '') });
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        const dtlsTransports = [...new Set([a.getTransceivers()[0].sender.transport!, a.sctp!.transport])];
        const transports = dtlsTransports.map((dtls) => dtls.iceTransport);
        expect(transports).to.have.length(bundled ? 1 : 2);
        // webrtc-pc's RTCIceConnectionState of the transports' states.
        const aggregate = () => {
          const states = transports.map((t) => t.state);
          const all = (...wanted: string[]) => states.every((s) => wanted.includes(s));
          if (states.includes('failed')) return 'failed';
          if (states.includes('disconnected')) return 'disconnected';
          if (all('new', 'closed')) return 'new';
          if (states.includes('new') || states.includes('checking')) return 'checking';
          return all('completed', 'closed') ? 'completed' : 'connected';
        };
        const connectionAggregate = () => {
          const ice = transports.map((t) => t.state as string);
          const dtls = dtlsTransports.map((t) => t.state as string);
          if ([...ice, ...dtls].includes('failed')) return 'failed';
          if (ice.includes('disconnected')) return 'disconnected';
          if ([...ice, ...dtls].every((s) => s === 'new' || s === 'closed')) return 'new';
          return [...ice, ...dtls].some((s) => ['new', 'checking', 'connecting'].includes(s)) ? 'connecting' : 'connected';
        };
        // libwebrtc (and so Chrome) says 'completed' once a controlling agent is done, while its transports say 'connected'.
        const agrees = () =>
          (a.iceConnectionState === aggregate() || (a.iceConnectionState === 'completed' && aggregate() === 'connected')) && a.connectionState === connectionAggregate();
        const mismatches: string[] = [];
        for (const [i, transport] of transports.entries()) {
          transport.addEventListener('statechange', () => {
            log.push(`transport${i}:${transport.state}`);
            if (!agrees()) mismatches.push(`transport${i} ${transport.state}: pc ${a.iceConnectionState}/${a.connectionState}, transports say ${aggregate()}/${connectionAggregate()}`);
          });
        }
        for (const [i, dtls] of dtlsTransports.entries()) {
          dtls.addEventListener('statechange', () => {
            log.push(`dtls${i}:${dtls.state}`);
            if (!agrees()) mismatches.push(`dtls${i} ${dtls.state}: pc ${a.iceConnectionState}/${a.connectionState}, transports say ${aggregate()}/${connectionAggregate()}`);
          });
        }
        await waitUntil(() => a.connectionState === 'connected' && dtlsTransports.every((t) => t.state === 'connected'), 'DTLS connects');
        await never(200);
        expect(mismatches, log.join(' ')).to.deep.equal([]);
        expect(agrees(), `${a.iceConnectionState} ${log.join(' ')}`).to.equal(true);
        // Each state once, in order, never skipping 'connected'; the connection's event after the transports' events that caused it.
        const pcStates = log.filter((entry) => entry.startsWith('pc:'));
        expect(pcStates.slice(0, 2), log.join(' ')).to.deep.equal(['pc:checking', 'pc:connected']);
        expect(new Set(pcStates).size).to.equal(pcStates.length);
        expect(log.filter((entry) => entry.startsWith('pc-connection:')), log.join(' ')).to.deep.equal(['pc-connection:connecting', 'pc-connection:connected']);
        const connectedAt = log.indexOf('pc-connection:connected');
        for (const i of dtlsTransports.keys()) expect(log.indexOf(`dtls${i}:connected`), log.join(' ')).to.be.within(0, connectedAt);
        const firstConnected = log.indexOf('pc:connected');
        for (const i of transports.keys()) {
          const connectedAt = log.findIndex((entry) => entry === `transport${i}:connected` || entry === `transport${i}:completed`);
          expect(connectedAt, log.join(' ')).to.be.within(0, firstConnected);
        }
      });
    }

    it('an RTCIceTransport changes gathering state in the same task as the connection, just before it', async () => {
      for (let round = 0; round < 10; round++) {
        const pc = make();
        pc.addTransceiver('audio');
        await pc.setLocalDescription();
        const ice = pc.getTransceivers()[0].sender.transport!.iceTransport;
        const seen: string[] = [`${ice.gatheringState}/${pc.iceGatheringState}`];
        ice.ongatheringstatechange = () => seen.push(`transport:${ice.gatheringState}/${pc.iceGatheringState}`);
        pc.onicegatheringstatechange = () => seen.push(`pc:${ice.gatheringState}/${pc.iceGatheringState}`);
        await waitFor(pc, 'icegatheringstatechange', 10000, () => pc.iceGatheringState === 'complete');
        const afterStart = ['transport:complete/gathering', 'pc:complete/complete'];
        const fromNew = ['new/new', 'transport:gathering/new', 'pc:gathering/gathering', ...afterStart];
        // Either the transport is made before the connection's 'gathering' is processed, or after it.
        expect([JSON.stringify(fromNew), JSON.stringify(['gathering/gathering', ...afterStart])], JSON.stringify(seen)).to.include(JSON.stringify(seen));
      }
      // The answerer starts gathering with its answer: the transport's 'gathering' is not skipped even when the
      // engine has finished by the time the connection's 'gathering' is delivered.
      for (let round = 0; round < 5; round++) {
        const offerer = make();
        const answerer = make();
        offerer.addTransceiver('audio');
        offerer.addTransceiver('video');
        await offerer.setLocalDescription();
        await answerer.setRemoteDescription(offerer.localDescription!);
        await answerer.setLocalDescription();
        const ice = answerer.getTransceivers()[0].receiver.transport!.iceTransport;
        const seen: string[] = [`${ice.gatheringState}/${answerer.iceGatheringState}`];
        ice.ongatheringstatechange = () => seen.push(`transport:${ice.gatheringState}/${answerer.iceGatheringState}`);
        answerer.onicegatheringstatechange = () => seen.push(`pc:${ice.gatheringState}/${answerer.iceGatheringState}`);
        // A busy JS thread: the engine finishes gathering before the connection's 'gathering' is delivered.
        const until = performance.now() + 300;
        while (performance.now() < until);
        if (answerer.iceGatheringState !== 'complete') await waitFor(answerer, 'icegatheringstatechange', 10000, () => answerer.iceGatheringState === 'complete');
        const afterStart = ['transport:complete/gathering', 'pc:complete/complete'];
        const fromNew = ['new/new', 'transport:gathering/new', 'pc:gathering/gathering', ...afterStart];
        expect([JSON.stringify(fromNew), JSON.stringify(['gathering/gathering', ...afterStart])], JSON.stringify(seen)).to.include(JSON.stringify(seen));
      }
    });

    it("a transport that finished gathering stays 'complete' while another one makes the connection gather again", async () => {
      const pc = make({ bundlePolicy: 'max-compat' });
      pc.addTransceiver('audio');
      await pc.setLocalDescription();
      if (pc.iceGatheringState !== 'complete') await waitFor(pc, 'icegatheringstatechange', 10000, () => pc.iceGatheringState === 'complete');
      const first = pc.getTransceivers()[0].sender.transport!.iceTransport;
      expect(first.gatheringState).to.equal('complete');
      const seen: string[] = [];
      first.ongatheringstatechange = () => seen.push(first.gatheringState);
      pc.onicegatheringstatechange = () => seen.push(`pc:${pc.iceGatheringState}/${first.gatheringState}`);
      pc.addTransceiver('video'); // max-compat: a transport of its own, which gathers
      await pc.setLocalDescription();
      await waitFor(pc, 'icegatheringstatechange', 10000, () => pc.iceGatheringState === 'complete');
      expect(seen).to.deep.equal(['pc:gathering/complete', 'pc:complete/complete']);
    });

    it('gathers nothing on loopback unless asked (like a browser)', async () => {
      const pc = new RTCPeerConnection();
      open.push(pc);
      const found: (globalThis.RTCIceCandidate | null)[] = [];
      pc.onicecandidate = ({ candidate }) => found.push(candidate);
      pc.createDataChannel('x');
      await pc.setLocalDescription();
      await waitFor(pc, 'icegatheringstatechange', 10000, () => pc.iceGatheringState === 'complete');
      expect(found.filter((c) => c && ['127.0.0.1', '::1'].includes(c.address!))).to.deep.equal([]);
    });

    it('iceInterfaces restricts gathering to the named addresses', async () => {
      const pc = make({ iceInterfaces: ['127.0.0.1'] });
      const found: RTCIceCandidate[] = [];
      pc.onicecandidate = ({ candidate }) => candidate && found.push(candidate as RTCIceCandidate);
      pc.createDataChannel('x');
      await pc.setLocalDescription();
      await waitFor(pc, 'icegatheringstatechange', 10000, () => pc.iceGatheringState === 'complete');
      expect(found.length).to.be.greaterThan(0);
      expect(new Set(found.map((c) => c.address))).to.deep.equal(new Set(['127.0.0.1']));
    });

    it('connects two peers and reports ICE and connection states in order', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      const iceStates: string[] = [];
      const states: string[] = [];
      a.oniceconnectionstatechange = () => iceStates.push(a.iceConnectionState);
      a.onconnectionstatechange = () => states.push(a.connectionState);
      expect(a.canTrickleIceCandidates).to.equal(null);
      expect(a.sctp).to.equal(null);
      a.createDataChannel('x');
      await negotiate(a, b);
      expect(a.canTrickleIceCandidates).to.equal(true);
      expect(a.sctp).to.be.instanceOf(RTCSctpTransport);
      await waitConnected(a, b);
      expect(iceStates.slice(0, 2)).to.deep.equal(['checking', 'connected']);
      expect(states).to.deep.equal(['connecting', 'connected']);
      const pair = a.sctp!.transport.iceTransport.getSelectedCandidatePair();
      expect(pair).to.not.equal(null);
      expect(['127.0.0.1', '::1']).to.include(pair!.local.address);
      // A closed transport has no selected pair (webrtc-pc).
      a.close();
      expect(a.sctp!.transport.iceTransport.state).to.equal('closed');
      expect(a.sctp!.transport.iceTransport.getSelectedCandidatePair()).to.equal(null);
    });

    it('addIceCandidate(): the spec errors and end-of-candidates', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      const candidate = new Promise<RTCIceCandidate>((resolve) => {
        a.onicecandidate = ({ candidate }) => candidate && resolve(candidate as RTCIceCandidate);
      });
      await a.setLocalDescription();
      const first = await candidate;
      await rejectsWith(b.addIceCandidate(first), 'InvalidStateError'); // no remote description yet
      await b.setRemoteDescription(a.localDescription!);
      await b.addIceCandidate(first); // an RTCIceCandidate
      await b.addIceCandidate(first.toJSON()); // an RTCIceCandidateInit
      await rejectsWith(b.addIceCandidate({ ...first.toJSON(), sdpMid: 'nope' }), 'OperationError');
      await rejectsWith(b.addIceCandidate({ ...first.toJSON(), sdpMid: null, sdpMLineIndex: 5 }), 'OperationError');
      await rejectsWith(b.addIceCandidate({ ...first.toJSON(), usernameFragment: 'wrong' }), 'OperationError');
      await rejectsWith(b.addIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' }), 'OperationError');
      await b.addIceCandidate({ candidate: '', sdpMid: '0' }); // end-of-candidates for m-line 0
      await b.addIceCandidate(); // end-of-candidates for all
      await b.addIceCandidate(null);
    });

    it('end-of-candidates shows in remoteDescription as a=end-of-candidates, for its m-sections and ICE generation', async () => {
      const a = make({ bundlePolicy: 'max-compat' });
      const b = make();
      a.addTransceiver('audio');
      a.addTransceiver('video');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      const marks = () => b.remoteDescription!.sdp.split(/\r\n(?=m=)/).slice(1).map((section) => section.includes('a=end-of-candidates'));
      expect(marks()).to.deep.equal([false, false]);
      await b.addIceCandidate({ candidate: '', sdpMid: '1' }); // the video m-section only
      expect(marks()).to.deep.equal([false, true]);
      await b.addIceCandidate({ candidate: '', sdpMLineIndex: 0 });
      expect(marks()).to.deep.equal([true, true]);
      expect(b.remoteDescription!.sdp.match(/a=end-of-candidates/g)).to.have.length(2); // once per m-section
      // A candidate added afterwards keeps them; an ICE restart starts a new generation without them.
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      expect(marks()).to.deep.equal([true, true]);
      await a.setLocalDescription(await a.createOffer({ iceRestart: true }));
      await b.setRemoteDescription(a.localDescription!);
      expect(marks()).to.deep.equal([false, false]);
      await b.addIceCandidate({ candidate: '' } as RTCIceCandidateInit);
      expect(marks()).to.deep.equal([true, true]);
    });
  });

  describe('WebIDL shape', () => {
    it("operations' and constructors' length count their required arguments only", async () => {
      const lib = await import('node-libwebrtc');
      const lengths: [unknown, number][] = [
        [lib.RTCPeerConnection, 0],
        [lib.RTCPeerConnection.prototype.setRemoteDescription, 1],
        [lib.RTCPeerConnection.prototype.createDataChannel, 1],
        [lib.RTCPeerConnection.prototype.getStats, 0],
        [lib.RTCPeerConnection.prototype.addTransceiver, 1],
        [lib.RTCPeerConnection.prototype.addTrack, 1],
        [lib.RTCPeerConnection.prototype.createOffer, 0],
        [lib.RTCRtpSender.prototype.setParameters, 1],
        [lib.MediaStream, 0],
        [lib.MediaStreamTrack.prototype.applyConstraints, 0],
        [lib.RTCPeerConnectionIceEvent, 1],
        [lib.mediaDevices.getUserMedia, 0],
        [lib.mediaDevices.getDisplayMedia, 0],
      ];
      expect(lengths.map(([fn]) => (fn as Function).length)).to.deep.equal(lengths.map(([, length]) => length));
    });

    it('interfaces have their Symbol.toStringTag, enumerable members, length 0 when script cannot construct them; handlers need an instance', async () => {
      const lib = await import('node-libwebrtc');
      const pc = make();
      expect(Object.prototype.toString.call(pc)).to.equal('[object RTCPeerConnection]');
      expect(Object.prototype.toString.call(new lib.MediaStream())).to.equal('[object MediaStream]');
      expect(Object.prototype.toString.call(pc.createDataChannel('x'))).to.equal('[object RTCDataChannel]');
      expect(Object.keys(lib.RTCPeerConnection.prototype)).to.include.members(['createOffer', 'localDescription', 'onicecandidate']);
      expect([lib.RTCCertificate.length, lib.RTCRtpSender.length, lib.RTCDataChannel.length, lib.MediaStreamTrack.length, lib.RTCRtpScriptTransform.length]).to.deep.equal([0, 0, 0, 0, 1]);
      expect(lib.RTCStatsReport.prototype.forEach.length).to.equal(1);
      throwsWith(() => lib.RTCPeerConnection.prototype.onicecandidate, 'TypeError', TypeError);
      // Attributes are prototype getters, not own properties of each object (RTCError, OverconstrainedError).
      const error = new lib.RTCError({ errorDetail: 'dtls-failure', sctpCauseCode: 3 }, 'x');
      for (const own of ['errorDetail', 'sctpCauseCode']) expect(Object.getOwnPropertyNames(error)).to.not.include(own);
      expect([error.errorDetail, error.sctpCauseCode, error.sdpLineNumber]).to.deep.equal(['dtls-failure', 3, null]);
      expect(typeof Object.getOwnPropertyDescriptor(lib.OverconstrainedError.prototype, 'constraint')?.get).to.equal('function');
    });

    it('WebIDL conversions before the spec checks: ICE server urls, configuration order, generateCertificate and addIceCandidate', async () => {
      // (DOMString or sequence<DOMString>): a non-iterable value is a string, so an invalid URL (SyntaxError).
      for (const urls of [null, 5, true, {}]) throwsWith(() => new RTCPeerConnection({ iceServers: [{ urls: urls as unknown as string }] }), 'SyntaxError');
      const stringy = new RTCPeerConnection({ iceServers: [{ urls: { toString: () => 'stun:stun.example.org' } as unknown as string }] });
      expect(stringy.getConfiguration().iceServers![0].urls).to.deep.equal(['stun:stun.example.org']);
      stringy.close();
      // Every member converts (TypeError) before any URL is checked.
      throwsWith(() => new RTCPeerConnection({ bundlePolicy: 'bad' as RTCBundlePolicy, iceServers: [{ urls: 'foo' }] }), 'TypeError', TypeError);
      const closed = make();
      closed.close();
      throwsWith(() => closed.setConfiguration({ bundlePolicy: 'bad' as RTCBundlePolicy }), 'TypeError', TypeError);
      throwsWith(() => closed.setConfiguration({}), 'InvalidStateError');
      // AlgorithmIdentifier: a non-object is a name, and 'null' or '5' is no algorithm.
      await rejectsWith(RTCPeerConnection.generateCertificate(null as unknown as string), 'NotSupportedError');
      await rejectsWith(RTCPeerConnection.generateCertificate(5 as unknown as string), 'NotSupportedError');
      // candidate is a DOMString: null is "null", which does not parse (not end-of-candidates).
      const [a, b] = await connectedPair();
      await rejectsWith(a.addIceCandidate({ candidate: null as unknown as string, sdpMid: '0' }), 'OperationError');
      expect(b.connectionState).to.equal('connected');
    });
  });

  describe('RTCSessionDescription and RTCIceCandidate', () => {
    it('RTCSessionDescription validates its init and serializes', () => {
      throwsWith(() => new RTCSessionDescription({} as RTCSessionDescriptionInit), 'TypeError', TypeError);
      throwsWith(() => new RTCSessionDescription({ type: 'bogus' as RTCSdpType }), 'TypeError', TypeError);
      const description = new RTCSessionDescription({ type: 'offer', sdp: 'v=0\r\n' });
      expect(description.type).to.equal('offer');
      expect(JSON.parse(JSON.stringify(description))).to.deep.equal({ type: 'offer', sdp: 'v=0\r\n' });
      expect(new RTCSessionDescription({ type: 'rollback' }).sdp).to.equal('');
    });

    it('RTCIceCandidate parses every field and serializes', () => {
      const candidate = new RTCIceCandidate({
        candidate: 'candidate:842163049 1 tcp 1677729535 203.0.113.7 9 typ srflx raddr 10.0.0.2 rport 61234 tcptype active generation 0 ufrag abcd network-cost 999',
        sdpMid: 'data',
        sdpMLineIndex: 2,
      });
      expect({
        foundation: candidate.foundation,
        component: candidate.component,
        protocol: candidate.protocol,
        priority: candidate.priority,
        address: candidate.address,
        port: candidate.port,
        type: candidate.type,
        tcpType: candidate.tcpType,
        relatedAddress: candidate.relatedAddress,
        relatedPort: candidate.relatedPort,
        usernameFragment: candidate.usernameFragment,
      }).to.deep.equal({
        foundation: '842163049',
        component: 'rtp',
        protocol: 'tcp',
        priority: 1677729535,
        address: '203.0.113.7',
        port: 9,
        type: 'srflx',
        tcpType: 'active',
        relatedAddress: '10.0.0.2',
        relatedPort: 61234,
        usernameFragment: null, // from the dictionary only, not the ufrag extension (webrtc-pc; Chrome)
      });
      expect(candidate.toJSON()).to.deep.equal({ candidate: candidate.candidate, sdpMid: 'data', sdpMLineIndex: 2, usernameFragment: null });
      expect(new RTCIceCandidate({ candidate: candidate.candidate, sdpMid: 'data', usernameFragment: 'abcd' }).usernameFragment).to.equal('abcd');
      // tcpType belongs to TCP candidates; relayProtocol and url to the engine's relay candidates.
      const udp = new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ relay raddr 1.2.3.4 rport 6 tcptype active', sdpMid: '0', relayProtocol: 'tls', url: 'turn:x' } as RTCIceCandidateInit);
      expect([udp.tcpType, udp.relayProtocol, udp.url]).to.deep.equal([null, null, null]);
      throwsWith(() => new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host' }), 'TypeError', TypeError);
      const unparsed = new RTCIceCandidate({ candidate: 'garbage', sdpMid: '0' });
      expect([unparsed.address, unparsed.port, unparsed.type]).to.deep.equal([null, null, null]);
      // One invalid field aborts the parse (webrtc-pc §4.8.2 step 5.3): every parsed attribute stays null.
      for (const invalid of ['candidate:1 1 sctp 1 1.2.3.4 5 typ host', 'candidate:1 1 udp 99999999999 1.2.3.4 5 typ host', 'candidate:1 1 udp 1 1.2.3.4 70000 typ host', 'candidate:1 1 udp 1 1.2.3.4 5 typ foo', 'candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype bogus']) {
        const parsed = new RTCIceCandidate({ candidate: invalid, sdpMid: '0' });
        expect([parsed.foundation, parsed.component, parsed.priority, parsed.address, parsed.protocol, parsed.port, parsed.type, parsed.tcpType], invalid).to.deep.equal([null, null, null, null, null, null, null, null]);
      }
    });
  });

  describe('certificates', () => {
    it('generates ECDSA P-256 and RSA certificates with expiry and fingerprints', async () => {
      const ecdsa = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
      expect(ecdsa).to.be.instanceOf(RTCCertificate);
      const month = 30 * 24 * 3600 * 1000;
      expect(ecdsa.expires).to.be.closeTo(Date.now() + month, 60 * 60 * 1000);
      const [fingerprint] = ecdsa.getFingerprints();
      expect(fingerprint.algorithm).to.equal('sha-256');
      expect(fingerprint.value).to.match(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
      const rsa = await RTCPeerConnection.generateCertificate({
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
        expires: 3600 * 1000,
      } as RsaHashedKeyGenParams);
      expect(rsa.expires).to.be.closeTo(Date.now() + 3600 * 1000, 60 * 1000);
      await rejectsWith(RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-384' } as EcKeyGenParams), 'NotSupportedError');
      await rejectsWith(RTCPeerConnection.generateCertificate('AES-GCM'), 'NotSupportedError');
      // A parameter dictionary missing a required member does not normalize: TypeError (WebCrypto), as in Chrome.
      for (const incomplete of ['ECDSA', { name: 'ECDSA' }, 'RSASSA-PKCS1-v1_5', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) }]) {
        await rejectsWith(RTCPeerConnection.generateCertificate(incomplete as AlgorithmIdentifier), 'TypeError', TypeError);
      }
      // modulusLength is an [EnforceRange] unsigned long and a hash object needs a name: TypeError before support.
      const rsaWith = (members: object) => ({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256', ...members }) as RsaHashedKeyGenParams;
      for (const modulusLength of ['abc', -1, 2 ** 32, NaN]) {
        await rejectsWith(RTCPeerConnection.generateCertificate(rsaWith({ modulusLength })), 'TypeError', TypeError);
      }
      await rejectsWith(RTCPeerConnection.generateCertificate(rsaWith({ hash: {} })), 'TypeError', TypeError);
      await rejectsWith(RTCPeerConnection.generateCertificate(rsaWith({ modulusLength: 512 })), 'NotSupportedError');
      await rejectsWith(RTCPeerConnection.generateCertificate(rsaWith({ hash: { name: 'SHA-1' } })), 'NotSupportedError');
      throwsWith(() => new (RTCCertificate as unknown as new () => unknown)(), 'TypeError', TypeError);
      // expires is an [EnforceRange] unsigned long long: no wrap-around to a certificate that has already expired.
      for (const expires of [2 ** 53, 2 ** 64, 1e308, -1, NaN]) {
        await rejectsWith(RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires } as EcKeyGenParams), 'TypeError', TypeError);
      }
    });

    it('uses the configured certificate (its fingerprint is in the SDP) and shares it between connections', async () => {
      const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
      const value = certificate.getFingerprints()[0].value!.toUpperCase();
      const a = make({ certificates: [certificate] });
      const b = make({ certificates: [certificate] });
      trickle(a, b);
      a.createDataChannel('x');
      await negotiate(a, b);
      expect(a.localDescription!.sdp).to.contain(`a=fingerprint:sha-256 ${value}`);
      expect(b.localDescription!.sdp).to.contain(`a=fingerprint:sha-256 ${value}`);
      expect(a.getConfiguration().certificates![0]).to.equal(certificate);
      await waitConnected(a, b);
    });

    it('a fingerprint that does not match the certificate fails DTLS: error (RTCErrorEvent, dtls-failure), then statechange to failed', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      a.createDataChannel('x');
      await a.setLocalDescription();
      // b expects a certificate other than the one a presents.
      const tampered = a.localDescription!.sdp.replace(/^(a=fingerprint:sha-256 )(..)/m, (_, prefix: string, byte: string) => prefix + (byte === '00' ? '11' : '00'));
      await b.setRemoteDescription({ type: 'offer', sdp: tampered });
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      const transport = b.sctp!.transport;
      const events: string[] = [];
      transport.onerror = (event) => events.push(`error:${event.error.errorDetail}:${event.error.name}:${transport.state}`);
      transport.onstatechange = () => events.push(`statechange:${transport.state}`);
      await waitUntil(() => transport.state === 'failed', 'the DTLS transport to fail', 15000);
      expect(events.slice(-2)).to.deep.equal(['error:dtls-failure:OperationError:failed', 'statechange:failed']);
      expect(events.filter((e) => e.startsWith('error')).length).to.equal(1);
    });

    it('refuses an expired certificate (InvalidAccessError)', async () => {
      const expired = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires: 0 } as EcKeyGenParams);
      await never(5);
      throwsWith(() => new RTCPeerConnection({ certificates: [expired] }), 'InvalidAccessError');
      // The expiry check is the constructor's: a connection whose certificate expired since still takes
      // setConfiguration() with its own configuration (a TURN credential refresh in a long call).
      const soon = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires: 2000 } as EcKeyGenParams);
      const pc = make({ certificates: [soon] });
      await never(Math.max(0, soon.expires - Date.now()) + 100);
      pc.setConfiguration({ ...pc.getConfiguration(), iceServers: [] });
    });
  });

  describe('close()', () => {
    it('closes every state, leaves pending operations unsettled, rejects later calls (stats excepted) and fires nothing more', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      const channel = a.createDataChannel('x');
      await negotiate(a, b);
      await waitConnected(a, b);
      const events: string[] = [];
      for (const type of ['signalingstatechange', 'iceconnectionstatechange', 'connectionstatechange', 'icegatheringstatechange', 'icecandidate', 'negotiationneeded']) {
        a.addEventListener(type, () => events.push(type));
      }
      channel.onclose = () => events.push('channel close');
      const pending = a.createOffer();
      a.close();
      expect(a.signalingState).to.equal('closed');
      expect(a.iceConnectionState).to.equal('closed');
      expect(a.connectionState).to.equal('closed');
      expect(channel.readyState).to.equal('closed');
      expect(a.sctp!.state).to.equal('closed');
      expect(await Promise.race([pending.then(() => 'settled', () => 'settled'), never(300)])).to.equal('timeout');
      await rejectsWith(a.createOffer(), 'InvalidStateError');
      await rejectsWith(a.setLocalDescription(), 'InvalidStateError');
      await rejectsWith(a.addIceCandidate({ candidate: '', sdpMid: '0' }), 'InvalidStateError');
      const report = await a.getStats(); // webrtc-pc: stats stay readable after close()
      expect([...report.values()].map((stats) => stats.type)).to.include('peer-connection');
      // Not the engine's report cached from before close(): nothing in it is open or connected any more.
      expect([...report.values()].filter((stats) => ['data-channel', 'transport', 'candidate-pair'].includes(stats.type))).to.deep.equal([]);
      throwsWith(() => a.createDataChannel('y'), 'InvalidStateError');
      a.close(); // idempotent
      await never(200);
      expect(events).to.deep.equal([]);
      // The transports stay reachable, closed (webrtc-pc keeps [[SctpTransport]] and [[DtlsTransport]]).
      expect(a.sctp!.transport.state).to.equal('closed');
      expect(a.sctp!.transport.iceTransport.state).to.equal('closed');
      // The other side notices: DTLS close_notify at once, then ICE consent runs out (~5 s in libwebrtc).
      await waitUntil(() => b.sctp!.transport.state === 'closed', 'the remote DTLS transport closes');
      await waitUntil(() => b.sctp!.state === 'closed', 'the remote SCTP transport closes');
      await waitFor(b, 'connectionstatechange', 15000, () => b.connectionState === 'disconnected' || b.connectionState === 'failed');
    });
  });

  describe('close() and transports', () => {
    it('a description being applied when close() is called changes nothing afterwards', async () => {
      const a = make();
      const b = make();
      a.createDataChannel('x');
      const events: string[] = [];
      b.onsignalingstatechange = () => events.push(b.signalingState);
      const pending = b.setRemoteDescription(await a.createOffer());
      b.close();
      expect(await Promise.race([pending.then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 500))])).to.equal('pending');
      expect(b.signalingState).to.equal('closed');
      expect(b.remoteDescription).to.equal(null);
      expect(events).to.deep.equal([]);
    });

    it('senders and receivers keep their (bundled) transport after close, in state closed', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      a.addTransceiver('audio');
      a.addTransceiver('video');
      await negotiate(a, b);
      await waitConnected(a, b);
      const [audio, video] = a.getTransceivers();
      const transport = audio.sender.transport!;
      expect(transport.state).to.equal('connected');
      expect([audio.receiver.transport, video.sender.transport, video.receiver.transport]).to.deep.equal([transport, transport, transport]);
      let events = 0;
      transport.onstatechange = () => events++;
      const pendingStats = a.getStats();
      a.close();
      expect((await pendingStats).size, 'stats pending at close() still resolve').to.be.greaterThan(0);
      for (const t of [audio, video]) {
        expect(t.sender.transport).to.equal(transport);
        expect(t.receiver.transport).to.equal(transport);
      }
      expect(transport.state).to.equal('closed');
      expect(transport.iceTransport.state).to.equal('closed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events, 'close() fires no statechange').to.equal(0);
    });
  });

  describe('DTLS', () => {
    // The handshake seen on the wire, through a UDP relay between the peers: libwebrtc never resumes a DTLS
    // session, so the server sends no NewSessionTicket (engine patch 0008; OpenSSL 3 built one per handshake).
    it('the handshake carries no session ticket, and the channel opens through the relay', async () => {
      const relay = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => relay.bind(0, '127.0.0.1', resolve));
      const handshakeTypes = new Set<number>();
      let target: { address: string; port: number } | undefined; // the offerer's real address
      let answerer: { address: string; port: number } | undefined; // learnt from its first packet
      relay.on('message', (packet, from) => {
        // DTLS records in plaintext (epoch 0) of type handshake (22): the message type follows the 13-byte header.
        for (let at = 0; at + 13 < packet.length; at += 13 + packet.readUInt16BE(at + 11)) {
          if (packet[at] < 20 || packet[at] > 63) break; // STUN, or not DTLS
          if (packet[at] === 22 && packet.readUInt16BE(at + 3) === 0) handshakeTypes.add(packet[at + 13]);
        }
        const fromOfferer = target && from.address === target.address && from.port === target.port;
        if (!fromOfferer) answerer = { address: from.address, port: from.port };
        const to = fromOfferer ? answerer : target;
        if (to) relay.send(packet, to.port, to.address);
      });
      try {
        const a = make();
        const b = make();
        // The answerer knows the offerer only as the relay; the offerer learns the answerer from its checks.
        a.onicecandidate = ({ candidate }) => {
          const match = candidate && / udp \d+ 127\.0\.0\.1 (\d+) typ host/i.exec(candidate.candidate);
          if (!match || target) return;
          target = { address: '127.0.0.1', port: Number(match[1]) };
          const relayed = candidate!.candidate.replace(/ 127\.0\.0\.1 \d+ typ/, ` 127.0.0.1 ${relay.address().port} typ`);
          b.addIceCandidate({ candidate: relayed, sdpMid: candidate!.sdpMid, sdpMLineIndex: candidate!.sdpMLineIndex }).catch(() => {});
        };
        const channel = a.createDataChannel('through the relay');
        const received = new Promise<string>((resolve) => {
          b.ondatachannel = ({ channel: remote }) => (remote.onmessage = ({ data }) => resolve(data));
        });
        await negotiate(a, b);
        await waitConnected(a, b);
        if (channel.readyState !== 'open') await waitFor(channel, 'open');
        channel.send('hello');
        expect(await received).to.equal('hello');
        // ClientHello, ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone,
        // ClientKeyExchange, CertificateVerify: the handshake was parsed; NewSessionTicket (4) never came.
        expect([...handshakeTypes]).to.include.members([1, 2, 11, 12, 13, 14, 15, 16]);
        expect([...handshakeTypes]).not.to.include(4);
      } finally {
        relay.close();
      }
    });
  });

  describe('getStats()', () => {
    it('RTCStatsReport is a read-only maplike: DOMString keys, @@iterator is entries, forEach needs a callable; the stats are plain objects', async () => {
      const [a, b] = await connectedPair();
      const report = await a.getStats();
      const [id, first] = [...report][0] as [string, { id: string; type: string }];
      expect(first.id).to.equal(id);
      expect(report.get(new String(id) as unknown as string)).to.equal(first);
      expect(report.has(new String(id) as unknown as string)).to.equal(true);
      const proto = Object.getPrototypeOf(report) as Record<PropertyKey, unknown>;
      expect(proto[Symbol.iterator]).to.equal(proto.entries);
      expect(Object.prototype.toString.call(report)).to.equal('[object RTCStatsReport]');
      throwsWith(() => report.forEach(42 as unknown as () => void), 'TypeError', TypeError);
      throwsWith(() => (report as unknown as { set: () => void }).set(), 'TypeError', TypeError);
      // Stats are dictionaries converted to plain JS objects, as in Chrome: extensible.
      (first as { note?: string }).note = 'mine';
      expect((first as { note?: string }).note).to.equal('mine');
    });

    it('string members keep quotes, backslashes and control characters; only webrtc-stats members; no channel id before there is one', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      const label = 'say "hi" \\ \b\n\u0001 é';
      const protocol = 'p"r\\';
      const early = a.createDataChannel(label, { protocol });
      const before = [...(await a.getStats()).values()].find((s) => s.type === 'data-channel');
      expect(before).to.include({ label, protocol });
      expect(before).to.not.have.property('dataChannelIdentifier'); // the engine's -1: no id yet
      const channel = waitFor<RTCDataChannelEvent>(b, 'datachannel');
      await negotiate(a, b);
      await waitFor(early, 'open');
      await channel;
      // The remote peer chose this label: its stats must still parse.
      const remote = [...(await b.getStats()).values()].find((s) => s.type === 'data-channel');
      expect(remote).to.include({ label, protocol, dataChannelIdentifier: early.id });
      const candidate = [...(await a.getStats()).values()].find((s) => s.type === 'local-candidate');
      for (const nonStandard of ['vpn', 'networkAdapterType']) expect(candidate).to.not.have.property(nonStandard);
    });

    it('a received RTP stream has inbound-rtp stats from its first packet on, not before (webrtc-stats lifetime)', async () => {
      const a = make();
      const b = make();
      trickle(a, b);
      const source = new nonstandard.RTCVideoSource();
      const track = source.createTrack();
      a.addTrack(track);
      await negotiate(a, b);
      await waitConnected(a, b);
      const inbound = async () => [...(await b.getStats()).values()].filter((s) => s.type === 'inbound-rtp');
      expect(await inbound()).to.deep.equal([]); // negotiated and connected, but nothing sent yet
      // Nor does the receiver select anything yet (the transport and candidates are not its stats).
      const receiver = b.getReceivers()[0];
      expect([...(await receiver.getStats()).keys()]).to.deep.equal([]);
      expect([...(await b.getStats(receiver.track)).keys()]).to.deep.equal([]);
      const frame = { width: 64, height: 48, data: new Uint8ClampedArray((64 * 48 * 3) / 2).fill(128) };
      const timer = setInterval(() => source.onFrame(frame), 20);
      try {
        let stats: Record<string, unknown>[] = [];
        for (let i = 0; i < 100 && stats.length === 0; i++) {
          stats = await inbound();
          if (!stats.length) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(stats).to.have.length(1);
        expect(stats[0].packetsReceived).to.be.above(0);
        expect([...(await receiver.getStats()).values()].map((s) => s.type)).to.include.members(['inbound-rtp', 'transport', 'codec']);
      } finally {
        clearInterval(timer);
        track.stop();
      }
    });
  });

  describe('events', () => {
    it('event attributes are read-only accessors on the prototype, as WebIDL makes them', () => {
      const members: Record<string, string[]> = {
        RTCDataChannelEvent: ['channel'],
        RTCTrackEvent: ['receiver', 'track', 'streams', 'transceiver'],
        RTCPeerConnectionIceEvent: ['candidate', 'url'],
        RTCPeerConnectionIceErrorEvent: ['address', 'port', 'url', 'errorCode', 'errorText'],
        RTCErrorEvent: ['error'],
        RTCDTMFToneChangeEvent: ['tone'],
        MediaStreamTrackEvent: ['track'],
      };
      for (const [name, attributes] of Object.entries(members)) {
        const prototype = (lib as unknown as Record<string, { prototype: object }>)[name].prototype;
        for (const attribute of attributes) {
          const descriptor = Object.getOwnPropertyDescriptor(prototype, attribute);
          expect(typeof descriptor?.get, `${name}.${attribute}`).to.equal('function');
          expect(descriptor?.set, `${name}.${attribute}`).to.equal(undefined);
        }
      }
      const event = new RTCPeerConnectionIceEvent('icecandidate', { candidate: null });
      expect(Object.keys(event)).to.not.include('candidate');
      throwsWith(() => ((event as unknown as { candidate: unknown }).candidate = 'x'), 'TypeError', TypeError);
    });

    it('event init dictionaries convert as WebIDL does: each member read once, EventInit first, then in order', () => {
      const pc = make();
      const transceiver = pc.addTransceiver('audio');
      const reads: string[] = [];
      const traced = <T extends object>(values: T): T =>
        new Proxy(values, { get: (target, key, receiver) => (typeof key === 'string' && reads.push(key), Reflect.get(target, key, receiver)) });
      // A getter that gives a valid object first and a string after must not leave the string in the event.
      let trackReads = 0;
      const init = traced({
        receiver: transceiver.receiver,
        transceiver,
        get track() {
          return trackReads++ === 0 ? transceiver.receiver.track : 'not a track';
        },
      });
      const event = new lib.RTCTrackEvent('track', init as unknown as RTCTrackEventInit);
      expect(reads).to.deep.equal(['bubbles', 'cancelable', 'composed', 'receiver', 'streams', 'track', 'transceiver']);
      expect(event.track).to.equal(transceiver.receiver.track);
      // Interface checks are brand checks: an object merely given the prototype is not one (WebIDL).
      const fakes: [string, () => unknown][] = [
        ['receiver', () => new lib.RTCTrackEvent('track', { ...init, receiver: Object.create(lib.RTCRtpReceiver.prototype) } as unknown as RTCTrackEventInit)],
        ['transceiver', () => new lib.RTCTrackEvent('track', { receiver: transceiver.receiver, track: transceiver.receiver.track, transceiver: Object.create(lib.RTCRtpTransceiver.prototype) } as unknown as RTCTrackEventInit)],
        ['streams', () => new lib.RTCTrackEvent('track', { receiver: transceiver.receiver, track: transceiver.receiver.track, transceiver, streams: [Object.create(lib.MediaStream.prototype)] } as unknown as RTCTrackEventInit)],
        ['channel', () => new lib.RTCDataChannelEvent('datachannel', { channel: Object.create(lib.RTCDataChannel.prototype) })],
        ['error', () => new lib.RTCErrorEvent('error', { error: Object.create(RTCError.prototype) })],
        ['candidate', () => new lib.RTCPeerConnectionIceEvent('icecandidate', { candidate: Object.create(RTCIceCandidate.prototype) })],
      ];
      for (const [what, construct] of fakes) expect(construct, what).to.throw(TypeError);
      reads.length = 0;
      const iceError = new lib.RTCPeerConnectionIceErrorEvent('icecandidateerror', traced({ address: 5, port: '80', url: 7, errorCode: 70000, errorText: 'a\uD800', bubbles: 1 }) as unknown as RTCPeerConnectionIceErrorEventInit);
      expect(reads).to.deep.equal(['bubbles', 'cancelable', 'composed', 'address', 'errorCode', 'errorText', 'port', 'url']);
      expect([iceError.address, iceError.port, iceError.url, iceError.errorCode, iceError.errorText, iceError.bubbles]).to.deep.equal(['5', 80, '7', 4464, 'a\uFFFD', true]);
      throwsWith(() => new lib.RTCPeerConnectionIceErrorEvent('x', { errorCode: 1, address: Symbol() } as unknown as RTCPeerConnectionIceErrorEventInit), 'TypeError', TypeError);
      expect(new lib.RTCPeerConnectionIceEvent('icecandidate', { url: 5 } as unknown as RTCPeerConnectionIceEventInit).url).to.equal('5');
      expect([new lib.RTCDTMFToneChangeEvent('tonechange', { tone: 5 } as unknown as RTCDTMFToneChangeEventInit).tone, new lib.RTCDTMFToneChangeEvent('tonechange', { tone: null } as unknown as RTCDTMFToneChangeEventInit).tone]).to.deep.equal(['5', 'null']);
      throwsWith(() => new lib.RTCDTMFToneChangeEvent('tonechange', { tone: Symbol() } as unknown as RTCDTMFToneChangeEventInit), 'TypeError', TypeError);
      // RTCErrorInit: long / unsigned long conversions, members in order, then the message.
      reads.length = 0;
      const error = new RTCError(traced({ errorDetail: 'sctp-failure', sdpLineNumber: 1.5, sctpCauseCode: 'abc', receivedAlert: -1, httpRequestStatusCode: 2 ** 31, sentAlert: null }) as unknown as RTCErrorInit, { toString: () => (reads.push('message'), 'm') } as unknown as string);
      expect(reads).to.deep.equal(['errorDetail', 'httpRequestStatusCode', 'receivedAlert', 'sctpCauseCode', 'sdpLineNumber', 'sentAlert', 'message']);
      expect([error.sdpLineNumber, error.sctpCauseCode, error.receivedAlert, error.httpRequestStatusCode, error.sentAlert]).to.deep.equal([1, 0, 4294967295, -2147483648, 0]);
      throwsWith(() => new RTCError({ errorDetail: 'sctp-failure', sdpLineNumber: 10n } as unknown as RTCErrorInit), 'TypeError', TypeError);
      // RTCSessionDescriptionInit and RTCIceCandidateInit: once each, in member order; a BigInt is a TypeError.
      reads.length = 0;
      new RTCSessionDescription(traced({ type: 'offer', sdp: '' }) as RTCSessionDescriptionInit);
      expect(reads).to.deep.equal(['sdp', 'type']);
      reads.length = 0;
      new RTCIceCandidate(traced({ candidate: '', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'u' }));
      expect(reads).to.deep.equal(['candidate', 'sdpMLineIndex', 'sdpMid', 'usernameFragment']);
      throwsWith(() => new RTCIceCandidate({ sdpMLineIndex: 10n } as unknown as RTCIceCandidateInit), 'TypeError', TypeError);
      pc.close();
    });

    it('operation dictionaries are read once per member: a getter cannot hand a checked value, then another', async () => {
      const pc = make();
      let reads = 0;
      const transceiver = pc.addTransceiver('audio', {
        get direction() {
          return reads++ === 0 ? 'sendonly' : ('bogus' as RTCRtpTransceiverDirection);
        },
      });
      expect([transceiver.direction, reads]).to.deep.equal(['sendonly', 1]);
      await rejectsWith(pc.addIceCandidate({ candidate: '', sdpMLineIndex: 10n } as unknown as RTCIceCandidateInit), 'TypeError');
      pc.close();
    });

    it('RTCStatsReport: get() and has() take one DOMString key; @@toStringTag is a data property', async () => {
      const pc = make();
      const report = await pc.getStats();
      const id = [...report.keys()][0];
      expect(report.get({ toString: () => id } as unknown as string)).to.equal(report.get(id));
      for (const call of [() => report.get(Symbol() as unknown as string), () => report.has(Symbol() as unknown as string), () => (report.get as () => unknown)(), () => (report.has as () => unknown)()]) {
        throwsWith(call, 'TypeError', TypeError);
      }
      expect(Object.getOwnPropertyDescriptor(lib.RTCStatsReport.prototype, Symbol.toStringTag)?.value).to.equal('RTCStatsReport');
      expect(Object.prototype.toString.call(report)).to.equal('[object RTCStatsReport]');
      pc.close();
    });

    it('events node-libwebrtc fires are trusted (isTrusted), events a script constructs are not', async () => {
      const [a, b] = await connectedPair();
      const seen: Record<string, boolean> = {};
      const record = (event: Event) => (seen[event.type] = event.isTrusted);
      for (const type of ['negotiationneeded', 'signalingstatechange', 'track', 'datachannel']) {
        a.addEventListener(type, record);
        b.addEventListener(type, record);
      }
      const channel = a.createDataChannel('trusted');
      channel.addEventListener('open', record);
      const received = new Promise<MessageEvent>((resolve) => b.addEventListener('datachannel', ({ channel: remote }) => remote.addEventListener('message', resolve)));
      channel.onopen = () => channel.send('hello');
      a.addTransceiver('audio');
      await waitFor(a, 'negotiationneeded');
      await negotiate(a, b);
      const message = await received;
      expect([message.isTrusted, message.data, message instanceof MessageEvent, Object.prototype.toString.call(message), message.constructor === MessageEvent]).to.deep.equal([true, 'hello', true, '[object MessageEvent]', true]);
      expect(seen).to.deep.equal({ negotiationneeded: true, signalingstatechange: true, track: true, datachannel: true, open: true });
      const scripted = new RTCPeerConnectionIceEvent('icecandidate', { candidate: null });
      expect(scripted.isTrusted).to.equal(false);
      a.addEventListener('icecandidate', record);
      a.dispatchEvent(scripted);
      expect(seen.icecandidate).to.equal(false);
      a.close();
      b.close();
    });

    it('on<event> attributes and addEventListener both work, and handlers can be replaced or removed', async () => {
      const pc = make();
      const calls: string[] = [];
      pc.onnegotiationneeded = () => calls.push('first');
      pc.onnegotiationneeded = () => calls.push('second');
      pc.addEventListener('negotiationneeded', () => calls.push('listener'));
      expect(typeof pc.onnegotiationneeded).to.equal('function');
      pc.createDataChannel('x');
      await waitFor(pc, 'negotiationneeded');
      expect(calls).to.deep.equal(['second', 'listener']);
      pc.onnegotiationneeded = null;
      expect(pc.onnegotiationneeded).to.equal(null);
    });
  });
});
