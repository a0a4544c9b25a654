"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCStatsReport = void 0;
exports.statsReportFromJson = statsReportFromJson;
const webidl_1 = require("./internal/webidl");
/** RTCStatsReport (webrtc-pc §8.3): a read-only map from stats id to stats dictionary. */
class RTCStatsReport {
    #entries;
    /** @internal */
    constructor(token, entries) {
        (0, webidl_1.requireInternal)(token, 'RTCStatsReport');
        this.#entries = entries;
    }
    get size() {
        return this.#entries.size;
    }
    get(id) {
        return this.#entries.get(id);
    }
    has(id) {
        return this.#entries.has(id);
    }
    forEach(callbackfn, thisArg) {
        for (const [key, value] of this.#entries)
            callbackfn.call(thisArg, value, key, this);
    }
    entries() {
        return this.#entries.entries();
    }
    keys() {
        return this.#entries.keys();
    }
    values() {
        return this.#entries.values();
    }
    [Symbol.iterator]() {
        return this.#entries.entries();
    }
    get [Symbol.toStringTag]() {
        return 'RTCStatsReport';
    }
}
exports.RTCStatsReport = RTCStatsReport;
/** libwebrtc's RTCStatsReport::ToJson(): an array of stats objects with W3C member names. */
function statsReportFromJson(json, keep) {
    const list = JSON.parse(json);
    const entries = new Map();
    for (const stats of list) {
        if (!keep || keep(stats))
            entries.set(stats.id, Object.freeze(stats));
    }
    return new RTCStatsReport(webidl_1.illegalConstructor, entries);
}
