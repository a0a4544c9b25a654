// WebIDL's shape for the exported interfaces, which class syntax does not give: a Symbol.toStringTag with the
// interface's name, enumerable operations and attributes, and a constructor length of 0 for interfaces that
// script cannot construct (their constructors take an internal token).

const NOT_CONSTRUCTIBLE = new Set([
  'RTCCertificate', 'RTCDataChannel', 'RTCSctpTransport', 'RTCDtlsTransport', 'RTCIceTransport', 'RTCStatsReport',
  'MediaStreamTrack', 'MediaStreamTrackVideoStats', 'MediaStreamTrackAudioStats', 'RTCRtpSender', 'RTCRtpReceiver',
  'RTCRtpTransceiver', 'RTCRtpScriptTransformer', 'RTCDTMFSender', 'MediaDevices', 'MediaDeviceInfo', 'InputDeviceInfo',
]);
// Constructors whose required arguments are fewer than their parameters.
const CONSTRUCTOR_LENGTHS: Record<string, number> = { RTCRtpScriptTransform: 1, RTCEncodedVideoFrame: 1, RTCEncodedAudioFrame: 1 };

export function shapeInterfaces(api: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function' || !/^(RTC|Media|InputDevice|Overconstrained)/.test(name)) continue;
    const prototype = (value as { prototype?: object }).prototype;
    if (!prototype || (value as { name?: string }).name !== name) continue;
    if (!Object.prototype.hasOwnProperty.call(prototype, Symbol.toStringTag)) {
      Object.defineProperty(prototype, Symbol.toStringTag, { value: name, configurable: true });
    }
    for (const key of Object.getOwnPropertyNames(prototype)) {
      if (key === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
      if (!descriptor.enumerable && descriptor.configurable) Object.defineProperty(prototype, key, { ...descriptor, enumerable: true });
    }
    // Static operations (generateCertificate, getCapabilities) too; not a function's own length/name/prototype.
    for (const key of Object.getOwnPropertyNames(value)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      if (typeof descriptor.value === 'function' && !descriptor.enumerable && descriptor.configurable) Object.defineProperty(value, key, { ...descriptor, enumerable: true });
    }
    const length = NOT_CONSTRUCTIBLE.has(name) ? 0 : CONSTRUCTOR_LENGTHS[name];
    if (length !== undefined) Object.defineProperty(value, 'length', { value: length, configurable: true });
  }
}
