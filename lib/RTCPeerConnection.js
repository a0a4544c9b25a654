"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCPeerConnection = void 0;
const native_1 = require("./native");
const RTCCertificate_1 = require("./RTCCertificate");
const RTCDataChannel_1 = require("./RTCDataChannel");
const RTCDataChannelEvent_1 = require("./RTCDataChannelEvent");
const RTCIceCandidate_1 = require("./RTCIceCandidate");
const RTCPeerConnectionIceErrorEvent_1 = require("./RTCPeerConnectionIceErrorEvent");
const RTCPeerConnectionIceEvent_1 = require("./RTCPeerConnectionIceEvent");
const RTCSctpTransport_1 = require("./RTCSctpTransport");
const RTCSessionDescription_1 = require("./RTCSessionDescription");
const RTCStatsReport_1 = require("./RTCStatsReport");
const configuration_1 = require("./internal/configuration");
const errors_1 = require("./internal/errors");
const event_handlers_1 = require("./internal/event-handlers");
const webidl_1 = require("./internal/webidl");
/** Connections that are in use hold themselves (and the event loop) until close(), like sockets. */
const inUse = new Set();
/**
 * RTCPeerConnection (webrtc-pc §4.4). Attribute reads return mirrors updated in the same task as the event
 * that announces them; spec-chained operations run through one operations chain per connection.
 */
class RTCPeerConnection extends EventTarget {
    #native;
    #configuration;
    #closed = false;
    #started = false;
    #pendingNative = 0;
    #operations = [];
    #negotiationNeededId = null;
    #signalingState = 'stable';
    #iceGatheringState = 'new';
    #iceConnectionState = 'new';
    #connectionState = 'new';
    #currentLocal = null;
    #pendingLocal = null;
    #currentRemote = null;
    #pendingRemote = null;
    #lastCreatedOffer = '';
    #lastCreatedAnswer = '';
    #sctp = null;
    static generateCertificate(keygenAlgorithm) {
        return (0, webidl_1.rejectOnThrow)(async () => {
            (0, webidl_1.requireArguments)('RTCPeerConnection.generateCertificate', arguments.length, 1);
            const params = certificateParams(keygenAlgorithm);
            const native = await native_1.binding.Certificate.generate(params);
            return new RTCCertificate_1.RTCCertificate(webidl_1.illegalConstructor, native);
        });
    }
    constructor(configuration) {
        super();
        this.#configuration = (0, configuration_1.convertConfiguration)('new RTCPeerConnection: configuration', configuration);
        this.#native = new native_1.binding.PeerConnection((0, configuration_1.toNative)(this.#configuration));
        this.#native.onevent = (...event) => this.#onNativeEvent(event);
    }
    // --- attributes -----------------------------------------------------------------------------------------
    get localDescription() {
        return this.#pendingLocal ?? this.#currentLocal;
    }
    get currentLocalDescription() {
        return this.#currentLocal;
    }
    get pendingLocalDescription() {
        return this.#pendingLocal;
    }
    get remoteDescription() {
        return this.#pendingRemote ?? this.#currentRemote;
    }
    get currentRemoteDescription() {
        return this.#currentRemote;
    }
    get pendingRemoteDescription() {
        return this.#pendingRemote;
    }
    get signalingState() {
        return this.#signalingState;
    }
    get iceGatheringState() {
        return this.#iceGatheringState;
    }
    get iceConnectionState() {
        return this.#iceConnectionState;
    }
    get connectionState() {
        return this.#connectionState;
    }
    /** Whether the remote peer can accept trickled candidates: from its description's ice-options. */
    get canTrickleIceCandidates() {
        const remote = this.remoteDescription;
        if (!remote)
            return null;
        return /^a=ice-options:.*\btrickle\b/m.test(remote.sdp);
    }
    get sctp() {
        return this.#sctp;
    }
    createOffer(...args) {
        if (typeof args[0] === 'function') {
            return legacy(this.createOffer(args[2]), args[0], args[1]);
        }
        return (0, webidl_1.rejectOnThrow)(() => {
            const options = (0, webidl_1.dictionary)('RTCPeerConnection.createOffer: options', args[0]);
            const native = {
                iceRestart: Boolean(options.iceRestart),
                voiceActivityDetection: options.voiceActivityDetection === undefined ? true : Boolean(options.voiceActivityDetection),
                ...(options.offerToReceiveAudio !== undefined ? { offerToReceiveAudio: Number(Boolean(options.offerToReceiveAudio)) } : {}),
                ...(options.offerToReceiveVideo !== undefined ? { offerToReceiveVideo: Number(Boolean(options.offerToReceiveVideo)) } : {}),
            };
            return this.#chain(async () => {
                const description = await this.#call(() => this.#native.createOffer(native));
                this.#lastCreatedOffer = description.sdp;
                return { type: description.type, sdp: description.sdp };
            });
        });
    }
    createAnswer(...args) {
        if (typeof args[0] === 'function')
            return legacy(this.createAnswer(), args[0], args[1]);
        return (0, webidl_1.rejectOnThrow)(() => {
            const options = (0, webidl_1.dictionary)('RTCPeerConnection.createAnswer: options', args[0]);
            return this.#chain(async () => {
                if (this.#signalingState !== 'have-remote-offer' && this.#signalingState !== 'have-local-pranswer') {
                    throw (0, errors_1.invalidState)(`createAnswer() needs a remote offer; the signaling state is '${this.#signalingState}'`);
                }
                const description = await this.#call(() => this.#native.createAnswer({ voiceActivityDetection: options.voiceActivityDetection === undefined ? true : Boolean(options.voiceActivityDetection) }));
                this.#lastCreatedAnswer = description.sdp;
                return { type: description.type, sdp: description.sdp };
            });
        });
    }
    setLocalDescription(...args) {
        if (typeof args[1] === 'function')
            return legacy(this.setLocalDescription(args[0]), args[1], args[2]);
        return (0, webidl_1.rejectOnThrow)(() => {
            const dict = (0, webidl_1.dictionary)('RTCPeerConnection.setLocalDescription: description', args[0]);
            const type = dict.type === undefined ? undefined : (0, webidl_1.enumValue)('RTCPeerConnection.setLocalDescription: type', dict.type, RTCSessionDescription_1.SDP_TYPES, 'RTCSdpType');
            const sdp = dict.sdp === undefined ? '' : (0, webidl_1.domString)('RTCPeerConnection.setLocalDescription: sdp', dict.sdp);
            return this.#chain(async () => {
                let request;
                if (type === 'rollback') {
                    request = { type, sdp: '' };
                }
                else if (sdp === '') {
                    // Implicit: the last offer/answer this connection created, else a new one (libwebrtc makes it).
                    const implicitType = type ?? (this.#signalingState === 'have-remote-offer' || this.#signalingState === 'have-local-pranswer' ? 'answer' : 'offer');
                    const last = implicitType === 'offer' ? this.#lastCreatedOffer : this.#lastCreatedAnswer;
                    if (type !== undefined && last !== '')
                        request = { type: implicitType, sdp: last };
                }
                else {
                    const last = type === 'offer' ? this.#lastCreatedOffer : this.#lastCreatedAnswer;
                    if (type === undefined)
                        throw new TypeError("RTCPeerConnection.setLocalDescription: a description with sdp needs a 'type'");
                    if (sdp !== last) {
                        throw (0, errors_1.invalidModification)(`setLocalDescription(): the ${type}'s SDP is not the one this connection last created with create${type === 'offer' ? 'Offer' : 'Answer'}()`);
                    }
                    request = { type, sdp };
                }
                const snapshot = await this.#call(() => this.#native.setLocalDescription(request));
                this.#startUse();
                this.#lastCreatedOffer = '';
                this.#lastCreatedAnswer = '';
                this.#applySnapshot(snapshot);
            });
        });
    }
    setRemoteDescription(...args) {
        if (typeof args[1] === 'function')
            return legacy(this.setRemoteDescription(args[0]), args[1], args[2]);
        return (0, webidl_1.rejectOnThrow)(() => {
            (0, webidl_1.requireArguments)('RTCPeerConnection.setRemoteDescription', args.length, 1);
            const dict = (0, webidl_1.dictionary)('RTCPeerConnection.setRemoteDescription: description', args[0]);
            if (dict.type === undefined)
                throw new TypeError("RTCPeerConnection.setRemoteDescription: the description's 'type' is required");
            const type = (0, webidl_1.enumValue)('RTCPeerConnection.setRemoteDescription: type', dict.type, RTCSessionDescription_1.SDP_TYPES, 'RTCSdpType');
            const sdp = dict.sdp === undefined ? '' : (0, webidl_1.domString)('RTCPeerConnection.setRemoteDescription: sdp', dict.sdp);
            return this.#chain(async () => {
                const snapshot = await this.#call(() => this.#native.setRemoteDescription({ type, sdp }));
                this.#startUse();
                this.#applySnapshot(snapshot);
            });
        });
    }
    addIceCandidate(...args) {
        if (typeof args[1] === 'function')
            return legacy(this.addIceCandidate(args[0]), args[1], args[2]);
        return (0, webidl_1.rejectOnThrow)(() => {
            const dict = (0, webidl_1.dictionary)('RTCPeerConnection.addIceCandidate: candidate', args[0]);
            const candidate = dict.candidate === undefined || dict.candidate === null ? '' : (0, webidl_1.domString)('RTCPeerConnection.addIceCandidate: candidate', dict.candidate);
            const sdpMid = dict.sdpMid === undefined || dict.sdpMid === null ? null : (0, webidl_1.domString)('RTCPeerConnection.addIceCandidate: sdpMid', dict.sdpMid);
            const sdpMLineIndex = dict.sdpMLineIndex === undefined || dict.sdpMLineIndex === null ? null : Number(dict.sdpMLineIndex) & 0xffff;
            const usernameFragment = dict.usernameFragment === undefined || dict.usernameFragment === null ? null : (0, webidl_1.domString)('RTCPeerConnection.addIceCandidate: usernameFragment', dict.usernameFragment);
            if (candidate !== '' && sdpMid === null && sdpMLineIndex === null) {
                throw new TypeError('RTCPeerConnection.addIceCandidate: sdpMid and sdpMLineIndex are both null; one is required');
            }
            return this.#chain(async () => {
                if (this.remoteDescription === null)
                    throw (0, errors_1.invalidState)('addIceCandidate(): there is no remote description yet; set it first');
                if (candidate === '' && sdpMid === null && sdpMLineIndex === null)
                    return; // end-of-candidates for all
                await this.#call(() => this.#native.addIceCandidate({ candidate, sdpMid, sdpMLineIndex, usernameFragment }));
            });
        });
    }
    restartIce() {
        if (this.#closed)
            return;
        this.#native.restartIce();
    }
    // --- configuration ----------------------------------------------------------------------------------------
    getConfiguration() {
        return (0, configuration_1.toPublic)(this.#configuration);
    }
    setConfiguration(configuration = {}) {
        if (this.#closed)
            throw (0, errors_1.invalidState)('setConfiguration(): the RTCPeerConnection is closed');
        const next = (0, configuration_1.convertConfiguration)('RTCPeerConnection.setConfiguration: configuration', configuration);
        const current = this.#configuration;
        const given = (0, webidl_1.dictionary)('RTCPeerConnection.setConfiguration', configuration);
        if (given.certificates !== undefined && !sameList(next.certificates, current.certificates)) {
            throw (0, errors_1.invalidModification)('setConfiguration(): certificates cannot be changed');
        }
        next.certificates = current.certificates;
        if (next.bundlePolicy !== current.bundlePolicy)
            throw (0, errors_1.invalidModification)('setConfiguration(): bundlePolicy cannot be changed');
        if (next.rtcpMuxPolicy !== current.rtcpMuxPolicy)
            throw (0, errors_1.invalidModification)('setConfiguration(): rtcpMuxPolicy cannot be changed');
        if (next.iceCandidatePoolSize !== current.iceCandidatePoolSize && this.localDescription !== null) {
            throw (0, errors_1.invalidModification)('setConfiguration(): iceCandidatePoolSize cannot be changed after setLocalDescription()');
        }
        if (next.iceAllowLoopback !== current.iceAllowLoopback || !sameList(next.iceInterfaces, current.iceInterfaces)) {
            throw (0, errors_1.invalidModification)('setConfiguration(): iceAllowLoopback and iceInterfaces cannot be changed');
        }
        this.#native.setConfiguration((0, configuration_1.toNative)(next));
        this.#configuration = next;
    }
    // --- data channels ----------------------------------------------------------------------------------------
    createDataChannel(label, dataChannelDict) {
        (0, webidl_1.requireArguments)('RTCPeerConnection.createDataChannel', arguments.length, 1);
        if (this.#closed)
            throw (0, errors_1.invalidState)('createDataChannel(): the RTCPeerConnection is closed');
        return (0, RTCDataChannel_1.createDataChannel)(this.#native, label, dataChannelDict, () => this.#sctp);
    }
    // --- media (issue: media surface) ---------------------------------------------------------------------------
    addTrack() {
        throw (0, errors_1.notSupported)('RTCPeerConnection.addTrack() is not supported yet by node-libwebrtc');
    }
    removeTrack() {
        throw (0, errors_1.notSupported)('RTCPeerConnection.removeTrack() is not supported yet by node-libwebrtc');
    }
    addTransceiver() {
        throw (0, errors_1.notSupported)('RTCPeerConnection.addTransceiver() is not supported yet by node-libwebrtc');
    }
    getSenders() {
        return [];
    }
    getReceivers() {
        return [];
    }
    getTransceivers() {
        return [];
    }
    // --- stats ------------------------------------------------------------------------------------------------
    getStats(selector) {
        return (0, webidl_1.rejectOnThrow)(async () => {
            if (selector !== undefined && selector !== null)
                throw (0, webidl_1.typeError)('RTCPeerConnection.getStats: selector', 'null (track selectors come with media support)', selector);
            if (this.#closed)
                throw (0, errors_1.invalidState)('getStats(): the RTCPeerConnection is closed');
            const json = await this.#call(() => this.#native.getStats());
            return (0, RTCStatsReport_1.statsReportFromJson)(json);
        });
    }
    // --- close ------------------------------------------------------------------------------------------------
    close() {
        if (this.#closed)
            return;
        this.#closed = true;
        this.#signalingState = 'closed';
        (0, RTCDataChannel_1.closeChannelsOf)(this.#native);
        this.#native.close();
        this.#iceConnectionState = 'closed';
        this.#connectionState = 'closed';
        this.#sctp?.markClosedByConnection();
        this.#native.holdLoop(false);
        inUse.delete(this);
    }
    // --- internals ------------------------------------------------------------------------------------------
    /** Runs `operation` after the ones before it (webrtc-pc "chain an operation"); never settles once closed. */
    #chain(operation) {
        if (this.#closed)
            return Promise.reject((0, errors_1.invalidState)('The RTCPeerConnection is closed'));
        return new Promise((resolve, reject) => {
            const run = () => {
                let result;
                try {
                    result = operation();
                }
                catch (error) {
                    result = Promise.reject(error);
                }
                result.then((value) => this.#settle(() => resolve(value)), (error) => this.#settle(() => reject(error)));
            };
            this.#operations.push(run);
            if (this.#operations.length === 1)
                run();
        });
    }
    #settle(settle) {
        if (this.#closed)
            return;
        settle();
        this.#operations.shift();
        if (this.#operations.length > 0) {
            this.#operations[0]();
        }
        else if (this.#negotiationNeededId !== null) {
            const id = this.#negotiationNeededId;
            this.#negotiationNeededId = null;
            setImmediate(() => this.#fireNegotiationNeeded(id));
        }
    }
    /** A native call keeps the event loop alive until it settles: `await pc.createOffer()` must not exit. */
    async #call(start) {
        if (this.#closed)
            throw (0, errors_1.invalidState)('The RTCPeerConnection is closed');
        this.#pendingNative++;
        this.#updateLoopHold();
        try {
            return await start();
        }
        finally {
            this.#pendingNative--;
            this.#updateLoopHold();
        }
    }
    #startUse() {
        if (this.#started || this.#closed)
            return;
        this.#started = true;
        inUse.add(this);
        this.#updateLoopHold();
    }
    #updateLoopHold() {
        if (this.#closed)
            return;
        this.#native.holdLoop(this.#started || this.#pendingNative > 0);
    }
    #applySnapshot(snapshot) {
        this.#currentLocal = keep(this.#currentLocal, snapshot.currentLocalDescription);
        this.#pendingLocal = keep(this.#pendingLocal, snapshot.pendingLocalDescription);
        if (snapshot.currentRemoteDescription !== undefined)
            this.#currentRemote = keep(this.#currentRemote, snapshot.currentRemoteDescription);
        if (snapshot.pendingRemoteDescription !== undefined)
            this.#pendingRemote = keep(this.#pendingRemote, snapshot.pendingRemoteDescription);
        if (snapshot.hasSctp && !this.#sctp) {
            const native = this.#native.sctpTransport();
            if (native)
                this.#sctp = (0, RTCSctpTransport_1.sctpTransportOf)(native);
        }
        if (snapshot.hasSctp === false)
            this.#sctp = null;
        if (snapshot.signalingState !== this.#signalingState) {
            this.#signalingState = snapshot.signalingState;
            this.dispatchEvent(new Event('signalingstatechange'));
        }
    }
    #fireNegotiationNeeded(id) {
        if (this.#closed)
            return;
        if (this.#operations.length > 0) {
            this.#negotiationNeededId = id;
            return;
        }
        if (this.#native.shouldFireNegotiationNeeded(id))
            this.dispatchEvent(new Event('negotiationneeded'));
    }
    #onNativeEvent(event) {
        if (this.#closed)
            return;
        switch (event[0]) {
            case 'negotiationneeded':
                this.#fireNegotiationNeeded(event[1]);
                break;
            case 'icegatheringstatechange': {
                const [, state, local] = event;
                if (local)
                    this.#applyLocal(local);
                if (state === this.#iceGatheringState)
                    break;
                this.#iceGatheringState = state;
                this.dispatchEvent(new Event('icegatheringstatechange'));
                if (state === 'complete' && !this.#closed)
                    this.dispatchEvent(new RTCPeerConnectionIceEvent_1.RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
                break;
            }
            case 'icecandidate': {
                const [, init, local] = event;
                if (local)
                    this.#applyLocal(local);
                const candidate = new RTCIceCandidate_1.RTCIceCandidate(init);
                this.dispatchEvent(new RTCPeerConnectionIceEvent_1.RTCPeerConnectionIceEvent('icecandidate', { candidate, url: init.url || null }));
                break;
            }
            case 'icecandidateerror':
                this.dispatchEvent(new RTCPeerConnectionIceErrorEvent_1.RTCPeerConnectionIceErrorEvent('icecandidateerror', event[1]));
                break;
            case 'iceconnectionstatechange':
                if (event[1] !== this.#iceConnectionState) {
                    this.#iceConnectionState = event[1];
                    this.dispatchEvent(new Event('iceconnectionstatechange'));
                }
                break;
            case 'connectionstatechange':
                if (event[1] !== this.#connectionState) {
                    this.#connectionState = event[1];
                    this.dispatchEvent(new Event('connectionstatechange'));
                }
                break;
            case 'datachannel': {
                const channel = (0, RTCDataChannel_1.adoptRemoteChannel)(this.#native, event[1], () => this.#sctp);
                this.dispatchEvent(new RTCDataChannelEvent_1.RTCDataChannelEvent('datachannel', { channel }));
                break;
            }
        }
    }
    /** The local description as it stands now (libwebrtc adds gathered candidates to it). */
    #applyLocal(snapshot) {
        this.#currentLocal = keep(this.#currentLocal, snapshot.currentLocalDescription);
        this.#pendingLocal = keep(this.#pendingLocal, snapshot.pendingLocalDescription);
    }
}
exports.RTCPeerConnection = RTCPeerConnection;
(0, event_handlers_1.defineEventHandlers)(RTCPeerConnection, [
    'negotiationneeded',
    'signalingstatechange',
    'icegatheringstatechange',
    'icecandidate',
    'icecandidateerror',
    'iceconnectionstatechange',
    'connectionstatechange',
    'datachannel',
    'track',
]);
/** Keeps the same RTCSessionDescription object while its content is unchanged (attribute identity). */
function keep(current, next) {
    if (next === null)
        return null;
    if (current && current.type === next.type && current.sdp === next.sdp)
        return current;
    return new RTCSessionDescription_1.RTCSessionDescription(next);
}
function sameList(a, b) {
    return a.length === b.length && a.every((item, index) => item === b[index]);
}
function legacy(promise, success, failure) {
    if (typeof failure !== 'function')
        return Promise.reject(new TypeError('The legacy callback form needs a failure callback'));
    return promise.then((value) => {
        success(value);
    }, (error) => {
        failure(error);
    });
}
/** generateCertificate's AlgorithmIdentifier → the parameters libwebrtc supports (ECDSA P-256, RSA). */
function certificateParams(keygenAlgorithm) {
    const algorithm = typeof keygenAlgorithm === 'string' ? { name: keygenAlgorithm } : (0, webidl_1.dictionary)('RTCPeerConnection.generateCertificate', keygenAlgorithm);
    if (algorithm.name === undefined)
        throw new TypeError('RTCPeerConnection.generateCertificate: the algorithm needs a name');
    const name = (0, webidl_1.domString)('RTCPeerConnection.generateCertificate: name', algorithm.name);
    const expires = algorithm.expires === undefined ? undefined : Number(algorithm.expires);
    if (expires !== undefined && !(expires >= 0))
        throw new TypeError('RTCPeerConnection.generateCertificate: expires must be a non-negative number of milliseconds');
    if (name.toUpperCase() === 'ECDSA') {
        const curve = algorithm.namedCurve === undefined ? 'P-256' : String(algorithm.namedCurve);
        if (curve !== 'P-256')
            throw (0, errors_1.notSupported)(`generateCertificate(): ECDSA curve '${curve}' is not supported (only P-256)`);
        return { name: 'ECDSA', expires };
    }
    if (name.toUpperCase() === 'RSASSA-PKCS1-V1_5') {
        const modulusLength = algorithm.modulusLength === undefined ? 2048 : Number(algorithm.modulusLength);
        const hash = algorithm.hash === undefined ? 'SHA-256' : typeof algorithm.hash === 'string' ? algorithm.hash : String(algorithm.hash.name);
        if (hash.toUpperCase() !== 'SHA-256')
            throw (0, errors_1.notSupported)(`generateCertificate(): hash '${hash}' is not supported (only SHA-256)`);
        let publicExponent = 65537;
        if (algorithm.publicExponent !== undefined) {
            const bytes = algorithm.publicExponent;
            if (!(bytes instanceof Uint8Array))
                throw new TypeError('RTCPeerConnection.generateCertificate: publicExponent must be a Uint8Array');
            publicExponent = bytes.reduce((value, byte) => value * 256 + byte, 0);
        }
        if (publicExponent !== 65537 || !(modulusLength >= 1024 && modulusLength <= 8192)) {
            throw (0, errors_1.notSupported)('generateCertificate(): RSA needs publicExponent 65537 and modulusLength 1024..8192');
        }
        return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent, expires };
    }
    throw (0, errors_1.notSupported)(`generateCertificate(): algorithm '${name}' is not supported (use ECDSA P-256 or RSASSA-PKCS1-v1_5)`);
}
// Process exit (process.exit() included) tears the engine down before Node exits, so that no libwebrtc
// thread outlives the environment. Workers get the same from the environment cleanup hook.
process.once('exit', () => {
    native_1.binding.shutdown();
});
