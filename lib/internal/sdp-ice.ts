// One transport's ICE attributes read out of a session description, for RTCIceTransport's
// getLocal/RemoteParameters() and getLocal/RemoteCandidates(): libwebrtc keeps every candidate it gathered
// or was given (in the SDP or through addIceCandidate()) in its descriptions, so they are the record.

export interface IceSection {
  usernameFragment?: string;
  password?: string;
  /** candidate-attribute values, without "a=". */
  candidates: string[];
  mLineIndex: number;
}

/** The m-section whose a=mid is `mid`, or null when the description has none. */
export function iceSection(sdp: string | undefined, mid: string): IceSection | null {
  if (!sdp || !mid) return null;
  const session: string[] = [];
  const sections: string[][] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) sections.push([]);
    (sections.length ? sections[sections.length - 1] : session).push(line);
  }
  const mLineIndex = sections.findIndex((lines) => lines.includes(`a=mid:${mid}`));
  if (mLineIndex < 0) return null;
  const lines = sections[mLineIndex];
  const attribute = (name: string) => {
    const prefix = `a=${name}:`;
    return (lines.find((line) => line.startsWith(prefix)) ?? session.find((line) => line.startsWith(prefix)))?.slice(prefix.length);
  };
  return {
    usernameFragment: attribute('ice-ufrag'),
    password: attribute('ice-pwd'),
    candidates: lines.filter((line) => line.startsWith('a=candidate:')).map((line) => line.slice(2)),
    mLineIndex,
  };
}

/**
 * The codecs of the m-section whose a=mid is `mid`, as [payload type, MIME type] ("video/VP8"), from its
 * a=rtpmap lines; empty when the description has no such section.
 */
export function payloadTypes(sdp: string | undefined, mid: string | null): [number, string][] {
  if (!sdp || !mid) return [];
  let kind = '';
  let inSection = false;
  let rtpmaps: [number, string][] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (inSection) break;
      kind = line.slice(2, line.indexOf(' '));
      rtpmaps = [];
    } else if (line === `a=mid:${mid}`) {
      inSection = true;
    } else if (kind && line.startsWith('a=rtpmap:')) {
      const match = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(line);
      if (match) rtpmaps.push([Number(match[1]), `${kind}/${match[2]}`]);
    }
  }
  return inSection ? rtpmaps : [];
}

/** Each m-section's mid and its ICE ufrag (its own, else the session's), in order. */
export function iceGenerations(sdp: string): { mid: string; ufrag: string }[] {
  const sections: { mid: string; ufrag: string }[] = [];
  let sessionUfrag = '';
  let current: { mid: string; ufrag: string } | null = null;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      current = { mid: '', ufrag: sessionUfrag };
      sections.push(current);
    } else if (line.startsWith('a=mid:') && current) {
      current.mid = line.slice(6);
    } else if (line.startsWith('a=ice-ufrag:')) {
      if (current) current.ufrag = line.slice(12);
      else sessionUfrag = line.slice(12);
    }
  }
  return sections;
}

/**
 * `sdp` with a=end-of-candidates at the end of each m-section whose mid `ended` maps to the section's
 * current ufrag (an end-of-candidates indication applies to one ICE generation), where it has none yet.
 */
export function withEndOfCandidates(sdp: string, ended: ReadonlyMap<string, string>): string {
  if (ended.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const trailing = lines.length > 0 && lines[lines.length - 1] === '' ? lines.pop() : undefined;
  const generations = iceGenerations(sdp);
  const out: string[] = [];
  let section = -1;
  let hasLine = false;
  const close = () => {
    const generation = generations[section];
    if (generation && !hasLine && ended.get(generation.mid) === generation.ufrag) out.push('a=end-of-candidates');
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (section >= 0) close();
      section++;
      hasLine = false;
    } else if (line === 'a=end-of-candidates') {
      hasLine = true;
    }
    out.push(line);
  }
  if (section >= 0) close();
  if (trailing !== undefined) out.push(trailing);
  return out.join(eol);
}
