// STUN and TURN for real: Debian's coturn on loopback.
import { expect } from 'chai';
import { RTCPeerConnection, RTCPeerConnectionIceErrorEvent } from 'node-libwebrtc';
import { LOOPBACK, negotiate, trickle, waitConnected, waitFor } from './helpers.mjs';
import { startTurnServer, type TurnServer } from './turn-server.mjs';

describe('STUN and TURN (coturn)', function () {
  this.timeout(40000);
  let turn: TurnServer;
  const open: RTCPeerConnection[] = [];
  before(async () => {
    turn = await startTurnServer();
  });
  after(async () => {
    await turn?.stop();
  });
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });

  const servers = () => [
    { urls: `stun:${turn.host}:${turn.port}` },
    { urls: `turn:${turn.host}:${turn.port}?transport=udp`, username: turn.username, credential: turn.credential },
  ];

  // Gather only where the server is reachable: behind the NAT (10.88.1.1), else loopback. Sockets on other
  // interfaces would wait out their STUN timeouts before gathering can complete.
  const reachable = () => ({ iceInterfaces: [turn.natted ? '10.88.1.1' : '127.0.0.1'] });

  async function gather(config: RTCConfiguration): Promise<{ candidates: RTCIceCandidate[]; urls: (string | null)[]; errors: RTCPeerConnectionIceErrorEvent[] }> {
    const pc = new RTCPeerConnection({ ...LOOPBACK, ...reachable(), ...config });
    open.push(pc);
    const candidates: RTCIceCandidate[] = [];
    const urls: (string | null)[] = [];
    const errors: RTCPeerConnectionIceErrorEvent[] = [];
    pc.onicecandidate = (event) => {
      if (event.candidate) {
        candidates.push(event.candidate);
        urls.push((event as RTCPeerConnectionIceEvent & { url: string | null }).url);
      }
    };
    pc.onicecandidateerror = (event) => errors.push(event as RTCPeerConnectionIceErrorEvent);
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    await waitFor(pc, 'icegatheringstatechange', 20000, () => pc.iceGatheringState === 'complete');
    return { candidates, urls, errors };
  }

  it('gathers server-reflexive (through a NAT) and relay candidates from coturn', async function () {
    if (!turn.natted) {
      console.log('      (no NAT here: not root, so no network namespaces; srflx equals host and is not gathered)');
    }
    const { candidates, urls, errors } = await gather({ iceServers: servers() });
    const types = new Set(candidates.map((c) => c.type));
    expect(types).to.include('host');
    expect(types).to.include('relay');
    const relay = candidates.find((c) => c.type === 'relay')!;
    expect(relay.address).to.equal(turn.host);
    expect(relay.relatedAddress).to.not.equal(null);
    expect(urls[candidates.indexOf(relay)]).to.equal(`turn:${turn.host}:${turn.port}?transport=udp`);
    const { relayProtocol, url } = relay as unknown as { relayProtocol: string; url: string };
    expect([relayProtocol, url]).to.deep.equal(['udp', `turn:${turn.host}:${turn.port}?transport=udp`]);
    if (turn.natted) {
      expect(types).to.include('srflx');
      const srflx = candidates.find((c) => c.type === 'srflx')!;
      expect(srflx.address).to.equal('10.88.2.1'); // the NAT's outside address
      expect(srflx.relatedAddress).to.equal('10.88.1.1'); // our host address behind it
      expect(urls[candidates.indexOf(srflx)]).to.equal(`stun:${turn.host}:${turn.port}`);
    }
    expect(errors).to.deep.equal([]);
  });

  it("iceTransportPolicy 'relay' gathers only relay candidates and connects through the relay", async () => {
    const a = new RTCPeerConnection({ ...LOOPBACK, ...reachable(), iceServers: servers(), iceTransportPolicy: 'relay' });
    const b = new RTCPeerConnection({ ...LOOPBACK, ...reachable(), iceServers: servers(), iceTransportPolicy: 'relay' });
    open.push(a, b);
    const types: string[] = [];
    a.addEventListener('icecandidate', (event) => {
      const { candidate } = event as RTCPeerConnectionIceEvent;
      if (candidate) types.push(candidate.type!);
    });
    trickle(a, b);
    const channel = a.createDataChannel('relay');
    await negotiate(a, b);
    await waitConnected(a, b);
    await waitFor(channel, 'open');
    expect(new Set(types)).to.deep.equal(new Set(['relay']));
    const pair = a.sctp!.transport.iceTransport.getSelectedCandidatePair()!;
    expect(pair.local.type).to.equal('relay');
    // As onicecandidate gives them: the relay's protocol to its server, and the server's URL.
    const local = pair.local as unknown as { relayProtocol: string; url: string };
    expect([local.relayProtocol, local.url]).to.deep.equal(['udp', `turn:${turn.host}:${turn.port}?transport=udp`]);
    // So does the transport's list of local candidates (rebuilt from the local description).
    const listed = a.sctp!.transport.iceTransport.getLocalCandidates() as unknown as { type: string; relayProtocol: string; url: string }[];
    expect(listed.map((c) => [c.type, c.relayProtocol, c.url])).to.deep.equal([['relay', 'udp', `turn:${turn.host}:${turn.port}?transport=udp`]]);
    const stats = [...(await a.getStats()).values()];
    const selected = stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    expect(stats.find((s) => s.id === selected.localCandidateId).candidateType).to.equal('relay');
  });

  it('wrong TURN credentials produce icecandidateerror', async () => {
    const { candidates, errors } = await gather({
      iceServers: [{ urls: `turn:${turn.host}:${turn.port}?transport=udp`, username: turn.username, credential: 'wrong' }],
    });
    expect(candidates.filter((c) => c.type === 'relay')).to.deep.equal([]);
    const unauthorized = errors.filter((e) => e.errorCode === 401);
    expect(unauthorized.length, `errors: ${errors.map((e) => `${e.errorCode} ${e.errorText}`).join(', ')}`).to.be.greaterThan(0);
    expect(unauthorized[0]).to.be.instanceOf(RTCPeerConnectionIceErrorEvent);
    expect(unauthorized[0].url).to.equal(`turn:${turn.host}:${turn.port}?transport=udp`);
    expect(unauthorized[0].errorText).to.match(/unauthori[sz]ed/i);
    expect(unauthorized[0].address).to.be.a('string');
  });
});
