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
