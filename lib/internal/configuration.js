"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.convertConfiguration = convertConfiguration;
exports.toNative = toNative;
exports.toPublic = toPublic;
const RTCCertificate_1 = require("../RTCCertificate");
const errors_1 = require("./errors");
const webidl_1 = require("./webidl");
const ICE_TRANSPORT_POLICIES = ['relay', 'all'];
const BUNDLE_POLICIES = ['balanced', 'max-compat', 'max-bundle'];
const RTCP_MUX_POLICIES = ['require'];
const SUPPORTED_SCHEMES = ['stun', 'turn', 'turns'];
/** Validates one ICE server URL as the spec says; returns it unchanged. */
function validateUrl(where, url, server) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw (0, errors_1.syntaxError)(`${where}: '${url}' is not a valid URL`);
    }
    const scheme = parsed.protocol.replace(/:$/, '');
    if (!['stun', 'stuns', 'turn', 'turns'].includes(scheme)) {
        throw (0, errors_1.syntaxError)(`${where}: '${url}' has scheme '${scheme}'; ICE server URLs use stun:, stuns:, turn: or turns:`);
    }
    const opaquePath = parsed.host === '' && !url.slice(scheme.length + 1).startsWith('//');
    if (!opaquePath)
        throw (0, errors_1.syntaxError)(`${where}: '${url}' must be of the form ${scheme}:host[:port] (no '//')`);
    if (parsed.hash !== '')
        throw (0, errors_1.syntaxError)(`${where}: '${url}' must not have a fragment`);
    if ((scheme === 'stun' || scheme === 'stuns') && parsed.search !== '') {
        throw (0, errors_1.syntaxError)(`${where}: '${url}': a ${scheme}: URL must not have a query`);
    }
    if (scheme === 'turn' || scheme === 'turns') {
        const query = parsed.search.replace(/^\?/, '');
        if (query !== '' && !/^transport=(udp|tcp)$/.test(query)) {
            throw (0, errors_1.syntaxError)(`${where}: '${url}': the only query a ${scheme}: URL may have is transport=udp or transport=tcp`);
        }
    }
    if (!SUPPORTED_SCHEMES.includes(scheme))
        throw (0, errors_1.notSupported)(`${where}: '${scheme}:' URLs are not supported by this engine`);
    if ((scheme === 'turn' || scheme === 'turns') && (server.username === undefined || server.credential === undefined)) {
        throw (0, errors_1.invalidAccess)(`${where}: '${url}' is a TURN server and needs both username and credential`);
    }
    return url;
}
function convertIceServer(where, value) {
    const dict = (0, webidl_1.dictionary)(where, value);
    if (dict.urls === undefined)
        throw new TypeError(`${where}: the member 'urls' is required`);
    const urls = typeof dict.urls === 'string' ? dict.urls : (0, webidl_1.sequence)(`${where}.urls`, dict.urls, (url) => (0, webidl_1.domString)(`${where}.urls`, url));
    const server = { urls };
    if (dict.username !== undefined)
        server.username = (0, webidl_1.domString)(`${where}.username`, dict.username);
    if (dict.credential !== undefined)
        server.credential = (0, webidl_1.domString)(`${where}.credential`, dict.credential);
    const list = typeof urls === 'string' ? [urls] : urls;
    if (list.length === 0)
        throw (0, errors_1.syntaxError)(`${where}: 'urls' is empty`);
    for (const url of list)
        validateUrl(where, url, server);
    return server;
}
function convertConfiguration(where, value) {
    const dict = (0, webidl_1.dictionary)(where, value);
    const iceServers = dict.iceServers === undefined
        ? []
        : (0, webidl_1.sequence)(`${where}.iceServers`, dict.iceServers, (server, index) => convertIceServer(`${where}.iceServers[${index}]`, server));
    const certificates = dict.certificates === undefined
        ? []
        : (0, webidl_1.sequence)(`${where}.certificates`, dict.certificates, (certificate) => {
            if (!(0, RTCCertificate_1.isCertificate)(certificate))
                throw (0, webidl_1.typeError)(`${where}.certificates`, 'RTCCertificate objects', certificate);
            if (certificate.expires <= Date.now())
                throw (0, errors_1.invalidAccess)(`${where}.certificates: a certificate has expired`);
            return certificate;
        });
    const iceInterfaces = dict.iceInterfaces === undefined
        ? []
        : (0, webidl_1.sequence)(`${where}.iceInterfaces`, dict.iceInterfaces, (entry) => (0, webidl_1.domString)(`${where}.iceInterfaces`, entry));
    return {
        iceServers,
        iceTransportPolicy: dict.iceTransportPolicy === undefined
            ? 'all'
            : (0, webidl_1.enumValue)(`${where}.iceTransportPolicy`, dict.iceTransportPolicy, ICE_TRANSPORT_POLICIES, 'RTCIceTransportPolicy'),
        bundlePolicy: dict.bundlePolicy === undefined ? 'balanced' : (0, webidl_1.enumValue)(`${where}.bundlePolicy`, dict.bundlePolicy, BUNDLE_POLICIES, 'RTCBundlePolicy'),
        rtcpMuxPolicy: dict.rtcpMuxPolicy === undefined ? 'require' : (0, webidl_1.enumValue)(`${where}.rtcpMuxPolicy`, dict.rtcpMuxPolicy, RTCP_MUX_POLICIES, 'RTCRtcpMuxPolicy'),
        iceCandidatePoolSize: dict.iceCandidatePoolSize === undefined ? 0 : (0, webidl_1.enforceRange)(`${where}.iceCandidatePoolSize`, dict.iceCandidatePoolSize, 0, 255),
        certificates,
        iceAllowLoopback: Boolean(dict.iceAllowLoopback),
        iceInterfaces,
    };
}
function toNative(config) {
    return {
        iceServers: config.iceServers.map((server) => ({
            urls: typeof server.urls === 'string' ? [server.urls] : [...server.urls],
            username: server.username ?? '',
            credential: server.credential ?? '',
        })),
        iceTransportPolicy: config.iceTransportPolicy,
        bundlePolicy: config.bundlePolicy,
        rtcpMuxPolicy: config.rtcpMuxPolicy,
        iceCandidatePoolSize: config.iceCandidatePoolSize,
        certificates: config.certificates.map(RTCCertificate_1.nativeOf),
        iceAllowLoopback: config.iceAllowLoopback,
        iceInterfaces: config.iceInterfaces,
    };
}
/** What getConfiguration() returns: a fresh copy, so callers cannot change the connection's own. */
function toPublic(config) {
    const result = {
        iceServers: config.iceServers.map((server) => ({ ...server, urls: typeof server.urls === 'string' ? server.urls : [...server.urls] })),
        iceTransportPolicy: config.iceTransportPolicy,
        bundlePolicy: config.bundlePolicy,
        rtcpMuxPolicy: config.rtcpMuxPolicy,
        iceCandidatePoolSize: config.iceCandidatePoolSize,
        certificates: [...config.certificates],
    };
    if (config.iceAllowLoopback)
        result.iceAllowLoopback = true;
    if (config.iceInterfaces.length)
        result.iceInterfaces = [...config.iceInterfaces];
    return result;
}
