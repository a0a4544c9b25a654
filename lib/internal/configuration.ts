// RTCConfiguration: WebIDL conversion and the spec's validation (webrtc-pc §4.4.1.3 "set the configuration").
import type { NativeConfiguration } from '../native';
import { RTCCertificate, isCertificate, nativeOf } from '../RTCCertificate';
import { invalidAccess, notSupported, syntaxError } from './errors';
import { dictionary, domString, enforceRange, enumValue, sequence, typeError } from './webidl';

/** node-libwebrtc's additions to RTCConfiguration (nonstandard; see the README's "Networking"). */
export interface NodeRTCConfiguration extends RTCConfiguration {
  /** Gather candidates on loopback interfaces too (127.0.0.1, ::1). Default false, like a browser. */
  iceAllowLoopback?: boolean;
  /** Gather only on these interfaces, by name ("eth0") or address ("127.0.0.1"). Default: all. */
  iceInterfaces?: string[];
  /** Local UDP/TCP ports candidates may use, min..max inclusive, from 1 (as @roamhq/wrtc's). Default: any the system gives. */
  portRange?: { min?: number; max?: number };
}

export interface NormalizedConfiguration {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  bundlePolicy: RTCBundlePolicy;
  rtcpMuxPolicy: RTCRtcpMuxPolicy;
  iceCandidatePoolSize: number;
  certificates: RTCCertificate[];
  iceAllowLoopback: boolean;
  iceInterfaces: string[];
  portRange: { min: number; max: number } | null;
}

const ICE_TRANSPORT_POLICIES: readonly RTCIceTransportPolicy[] = ['relay', 'all'];
const BUNDLE_POLICIES: readonly RTCBundlePolicy[] = ['balanced', 'max-compat', 'max-bundle'];
const RTCP_MUX_POLICIES: readonly RTCRtcpMuxPolicy[] = ['require'];
const SUPPORTED_SCHEMES = ['stun', 'turn', 'turns'];

/** Validates one ICE server URL as the spec says; returns it unchanged. */
function validateUrl(where: string, url: string, server: RTCIceServer): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw syntaxError(`${where}: '${url}' is not a valid URL`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!['stun', 'stuns', 'turn', 'turns'].includes(scheme)) {
    throw syntaxError(`${where}: '${url}' has scheme '${scheme}'; ICE server URLs use stun:, stuns:, turn: or turns:`);
  }
  const opaquePath = parsed.host === '' && !url.slice(scheme.length + 1).startsWith('//');
  if (!opaquePath) throw syntaxError(`${where}: '${url}' must be of the form ${scheme}:host[:port] (no '//')`);
  // An empty query or fragment ('stun:host?') is still one; URL's search and hash read '' for it, the
  // serialized URL keeps the '?' or '#' (an opaque path holds neither).
  const [beforeFragment] = parsed.href.split('#');
  if (parsed.href.includes('#')) throw syntaxError(`${where}: '${url}' must not have a fragment`);
  const query = beforeFragment.includes('?') ? parsed.search.replace(/^\?/, '') : null;
  if ((scheme === 'stun' || scheme === 'stuns') && query !== null) {
    throw syntaxError(`${where}: '${url}': a ${scheme}: URL must not have a query`);
  }
  if (scheme === 'turn' || scheme === 'turns') {
    if (query !== null && !/^transport=(udp|tcp)$/.test(query)) {
      throw syntaxError(`${where}: '${url}': the only query a ${scheme}: URL may have is transport=udp or transport=tcp`);
    }
  }
  if (!SUPPORTED_SCHEMES.includes(scheme)) throw notSupported(`${where}: '${scheme}:' URLs are not supported by this engine`);
  if ((scheme === 'turn' || scheme === 'turns') && (server.username === undefined || server.credential === undefined)) {
    throw invalidAccess(`${where}: '${url}' is a TURN server and needs both username and credential`);
  }
  // URL schemes are case-insensitive; libwebrtc's ICE URI parser takes only the lower-case ones.
  return scheme + url.slice(url.indexOf(':'));
}

/** WebIDL conversion of an RTCIceServer (members in lexicographic order); validateIceServers() checks it. */
function convertIceServer(where: string, value: unknown): RTCIceServer {
  const dict = dictionary<RTCIceServer>(where, value);
  const credential = dict.credential === undefined ? undefined : domString(`${where}.credential`, dict.credential);
  if (dict.urls === undefined) throw new TypeError(`${where}: the member 'urls' is required`);
  // (DOMString or sequence<DOMString>): an iterable object is the sequence, anything else a string.
  const iterable = typeof dict.urls === 'object' && dict.urls !== null && typeof (dict.urls as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  const urls = iterable ? sequence(`${where}.urls`, dict.urls, (url) => domString(`${where}.urls`, url)) : domString(`${where}.urls`, dict.urls);
  const server: RTCIceServer = { urls };
  if (credential !== undefined) server.credential = credential;
  if (dict.username !== undefined) server.username = domString(`${where}.username`, dict.username);
  return server;
}

/** webrtc-pc "validate an ICE server" for each server: SyntaxError, NotSupportedError or InvalidAccessError. */
export function validateIceServers(where: string, config: NormalizedConfiguration): void {
  config.iceServers = config.iceServers.map((server, index) => {
    const at = `${where}.iceServers[${index}]`;
    const list = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (list.length === 0) throw syntaxError(`${at}: 'urls' is empty`);
    const normalized = list.map((url) => validateUrl(at, url, server));
    return { ...server, urls: typeof server.urls === 'string' ? normalized[0] : normalized };
  });
}

/** webrtc-pc "set the configuration": an expired certificate is an InvalidAccessError. */
function validateCertificates(where: string, config: NormalizedConfiguration): void {
  if (config.certificates.some((certificate) => certificate.expires <= Date.now())) throw invalidAccess(`${where}.certificates: a certificate has expired`);
}

/**
 * WebIDL conversion of an RTCConfiguration: every member, in lexicographic order, before any of the spec's
 * checks (a wrong enum is a TypeError even next to a bad URL). `validate` runs those checks too.
 */
export function convertConfiguration(where: string, value: unknown, validate = true): NormalizedConfiguration {
  const dict = dictionary<NodeRTCConfiguration>(where, value);
  const bundlePolicy = dict.bundlePolicy === undefined ? 'balanced' : enumValue(`${where}.bundlePolicy`, dict.bundlePolicy, BUNDLE_POLICIES, 'RTCBundlePolicy');
  const certificates =
    dict.certificates === undefined
      ? []
      : sequence(`${where}.certificates`, dict.certificates, (certificate) => {
          if (!isCertificate(certificate)) throw typeError(`${where}.certificates`, 'RTCCertificate objects', certificate);
          return certificate;
        });
  const iceAllowLoopback = Boolean(dict.iceAllowLoopback);
  const iceCandidatePoolSize = dict.iceCandidatePoolSize === undefined ? 0 : enforceRange(`${where}.iceCandidatePoolSize`, dict.iceCandidatePoolSize, 0, 255);
  const iceInterfaces =
    dict.iceInterfaces === undefined
      ? []
      : sequence(`${where}.iceInterfaces`, dict.iceInterfaces, (entry) => domString(`${where}.iceInterfaces`, entry));
  const iceServers =
    dict.iceServers === undefined
      ? []
      : sequence(`${where}.iceServers`, dict.iceServers, (server, index) => convertIceServer(`${where}.iceServers[${index}]`, server));
  const iceTransportPolicy =
    dict.iceTransportPolicy === undefined ? 'all' : enumValue(`${where}.iceTransportPolicy`, dict.iceTransportPolicy, ICE_TRANSPORT_POLICIES, 'RTCIceTransportPolicy');
  let portRange: { min: number; max: number } | null = null;
  if (dict.portRange !== undefined) {
    const range = dictionary<{ min?: number; max?: number }>(`${where}.portRange`, dict.portRange);
    // Both bounds, from 1: port 0 would mean "any port" to the socket layer, and the range be ignored.
    if (range.min === undefined || range.max === undefined) throw new TypeError(`${where}.portRange: both min and max are required`);
    const max = enforceRange(`${where}.portRange.max`, range.max, 1, 65535);
    const min = enforceRange(`${where}.portRange.min`, range.min, 1, 65535);
    if (min > max) throw new TypeError(`${where}.portRange: min (${min}) is above max (${max})`);
    portRange = { min, max };
  }
  const rtcpMuxPolicy = dict.rtcpMuxPolicy === undefined ? 'require' : enumValue(`${where}.rtcpMuxPolicy`, dict.rtcpMuxPolicy, RTCP_MUX_POLICIES, 'RTCRtcpMuxPolicy');
  const config: NormalizedConfiguration = { iceServers, iceTransportPolicy, bundlePolicy, rtcpMuxPolicy, iceCandidatePoolSize, certificates, iceAllowLoopback, iceInterfaces, portRange };
  if (validate) {
    validateCertificates(where, config);
    validateIceServers(where, config);
  }
  return config;
}

/**
 * A validated ICE server URL as libwebrtc's parser takes it. webrtc-pc reads host and port as an https: URL's
 * ("https://" + the URL's path): spaces and tabs dropped, the host IDNA-mapped (as Chrome does); libwebrtc
 * would refuse those. Anything else in the path (a user, a path) is left for libwebrtc to judge.
 */
function engineIceUrl(url: string): string {
  const parsed = new URL(url);
  let hostAndPort: URL;
  try {
    hostAndPort = new URL(`https://${parsed.pathname}`);
  } catch {
    return url;
  }
  if (hostAndPort.username || hostAndPort.password || hostAndPort.pathname !== '/' || hostAndPort.search || hostAndPort.hash) return url;
  // Not hostAndPort.port: it leaves out 443, https:'s default, which is not turns:'s (5349).
  const port = /:(\d+)$/.exec(parsed.pathname)?.[1];
  return `${parsed.protocol}${hostAndPort.hostname}${port ? `:${port}` : ''}${parsed.search}`;
}

export function toNative(config: NormalizedConfiguration): NativeConfiguration {
  return {
    iceServers: config.iceServers.map((server) => ({
      urls: (typeof server.urls === 'string' ? [server.urls] : server.urls).map(engineIceUrl),
      username: server.username ?? '',
      credential: server.credential ?? '',
    })),
    iceTransportPolicy: config.iceTransportPolicy,
    bundlePolicy: config.bundlePolicy,
    rtcpMuxPolicy: config.rtcpMuxPolicy,
    iceCandidatePoolSize: config.iceCandidatePoolSize,
    certificates: config.certificates.map(nativeOf),
    iceAllowLoopback: config.iceAllowLoopback,
    iceInterfaces: config.iceInterfaces,
    ...(config.portRange ? { portRange: { ...config.portRange } } : {}),
  };
}

/** What getConfiguration() returns: a fresh copy, so callers cannot change the connection's own. */
export function toPublic(config: NormalizedConfiguration): NodeRTCConfiguration {
  const result: NodeRTCConfiguration = {
    // webrtc-pc "set a configuration" turns a single URL string into a list, and getConfiguration() shows it.
    iceServers: config.iceServers.map((server) => ({ ...server, urls: typeof server.urls === 'string' ? [server.urls] : [...server.urls] })),
    iceTransportPolicy: config.iceTransportPolicy,
    bundlePolicy: config.bundlePolicy,
    rtcpMuxPolicy: config.rtcpMuxPolicy,
    iceCandidatePoolSize: config.iceCandidatePoolSize,
    certificates: [...config.certificates],
  };
  if (config.iceAllowLoopback) result.iceAllowLoopback = true;
  if (config.iceInterfaces.length) result.iceInterfaces = [...config.iceInterfaces];
  if (config.portRange) result.portRange = { ...config.portRange };
  return result;
}
