/// <reference lib="dom" preserve="true" />
// node-libwebrtc: the W3C WebRTC API for Node.js and Electron, on Google's libwebrtc. The types implement
// lib.dom's interfaces, so the reference above brings lib.dom to Node-only tsconfigs too.
export * from './api';
// The whole API as the default export too, for `import wrtc from '@roamhq/wrtc'` code (TypeScript's
// CommonJS output and the ESM entry alike).
import * as api from './api';
import { shapeInterfaces } from './internal/interfaces';
shapeInterfaces(api as unknown as Record<string, unknown>);
export default api;
