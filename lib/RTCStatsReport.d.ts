import { illegalConstructor } from './internal/webidl';
/** RTCStatsReport (webrtc-pc §8.3): a read-only map from stats id to stats dictionary. */
export declare class RTCStatsReport implements globalThis.RTCStatsReport {
    #private;
    /** @internal */
    constructor(token: typeof illegalConstructor, entries: Map<string, any>);
    get size(): number;
    get(id: string): any;
    has(id: string): boolean;
    forEach(callbackfn: (value: any, key: string, parent: RTCStatsReport) => void, thisArg?: any): void;
    entries(): MapIterator<[string, any]>;
    keys(): MapIterator<string>;
    values(): MapIterator<any>;
    [Symbol.iterator](): MapIterator<[string, any]>;
    get [Symbol.toStringTag](): string;
}
/** libwebrtc's RTCStatsReport::ToJson(): an array of stats objects with W3C member names. */
export declare function statsReportFromJson(json: string, keep?: (stats: {
    id: string;
    type: string;
}) => boolean): RTCStatsReport;
