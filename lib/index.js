"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCDataChannelEvent = exports.RTCPeerConnectionIceErrorEvent = exports.RTCPeerConnectionIceEvent = exports.RTCErrorEvent = exports.RTCError = exports.RTCStatsReport = exports.RTCIceTransport = exports.RTCDtlsTransport = exports.RTCSctpTransport = exports.RTCCertificate = exports.RTCIceCandidate = exports.RTCSessionDescription = exports.RTCDataChannel = exports.RTCPeerConnection = void 0;
exports.diagnostics = diagnostics;
// node-libwebrtc: the W3C WebRTC API for Node.js and Electron, on Google's libwebrtc.
const native_1 = require("./native");
const errors_1 = require("./internal/errors");
native_1.binding.setErrorFactory(errors_1.fromNative);
var RTCPeerConnection_1 = require("./RTCPeerConnection");
Object.defineProperty(exports, "RTCPeerConnection", { enumerable: true, get: function () { return RTCPeerConnection_1.RTCPeerConnection; } });
var RTCDataChannel_1 = require("./RTCDataChannel");
Object.defineProperty(exports, "RTCDataChannel", { enumerable: true, get: function () { return RTCDataChannel_1.RTCDataChannel; } });
var RTCSessionDescription_1 = require("./RTCSessionDescription");
Object.defineProperty(exports, "RTCSessionDescription", { enumerable: true, get: function () { return RTCSessionDescription_1.RTCSessionDescription; } });
var RTCIceCandidate_1 = require("./RTCIceCandidate");
Object.defineProperty(exports, "RTCIceCandidate", { enumerable: true, get: function () { return RTCIceCandidate_1.RTCIceCandidate; } });
var RTCCertificate_1 = require("./RTCCertificate");
Object.defineProperty(exports, "RTCCertificate", { enumerable: true, get: function () { return RTCCertificate_1.RTCCertificate; } });
var RTCSctpTransport_1 = require("./RTCSctpTransport");
Object.defineProperty(exports, "RTCSctpTransport", { enumerable: true, get: function () { return RTCSctpTransport_1.RTCSctpTransport; } });
var RTCDtlsTransport_1 = require("./RTCDtlsTransport");
Object.defineProperty(exports, "RTCDtlsTransport", { enumerable: true, get: function () { return RTCDtlsTransport_1.RTCDtlsTransport; } });
var RTCIceTransport_1 = require("./RTCIceTransport");
Object.defineProperty(exports, "RTCIceTransport", { enumerable: true, get: function () { return RTCIceTransport_1.RTCIceTransport; } });
var RTCStatsReport_1 = require("./RTCStatsReport");
Object.defineProperty(exports, "RTCStatsReport", { enumerable: true, get: function () { return RTCStatsReport_1.RTCStatsReport; } });
var RTCError_1 = require("./RTCError");
Object.defineProperty(exports, "RTCError", { enumerable: true, get: function () { return RTCError_1.RTCError; } });
var RTCErrorEvent_1 = require("./RTCErrorEvent");
Object.defineProperty(exports, "RTCErrorEvent", { enumerable: true, get: function () { return RTCErrorEvent_1.RTCErrorEvent; } });
var RTCPeerConnectionIceEvent_1 = require("./RTCPeerConnectionIceEvent");
Object.defineProperty(exports, "RTCPeerConnectionIceEvent", { enumerable: true, get: function () { return RTCPeerConnectionIceEvent_1.RTCPeerConnectionIceEvent; } });
var RTCPeerConnectionIceErrorEvent_1 = require("./RTCPeerConnectionIceErrorEvent");
Object.defineProperty(exports, "RTCPeerConnectionIceErrorEvent", { enumerable: true, get: function () { return RTCPeerConnectionIceErrorEvent_1.RTCPeerConnectionIceErrorEvent; } });
var RTCDataChannelEvent_1 = require("./RTCDataChannelEvent");
Object.defineProperty(exports, "RTCDataChannelEvent", { enumerable: true, get: function () { return RTCDataChannelEvent_1.RTCDataChannelEvent; } });
/** Internal counters for tests and diagnostics (nonstandard). */
function diagnostics() {
    return native_1.binding.diagnostics();
}
