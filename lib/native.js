"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.binding = void 0;
// The private binding between lib/ and native/: the loader and the types of what the addon exports.
// Nothing here is public API.
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const ADDON_FILE = 'node_libwebrtc.node';
/** Finds and loads the addon: the local build first, then the platform's prebuild; one error otherwise. */
function load() {
    const root = path.resolve(__dirname, '..', '..');
    const platform = `${process.platform}-${process.arch}`;
    const candidates = [
        path.join(root, 'build', 'Release', ADDON_FILE),
        path.join(root, 'build', ADDON_FILE),
        path.join(root, 'prebuilds', platform, 'node.napi.node'),
        path.join(root, 'prebuilds', platform, 'node-libwebrtc.node'),
    ];
    const tried = [];
    for (const file of candidates) {
        if (!fs.existsSync(file)) {
            tried.push(`${file}: not found`);
            continue;
        }
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(file);
        }
        catch (error) {
            tried.push(`${file}: ${error.message}`);
        }
    }
    throw new Error(`node-libwebrtc: could not load its native addon for ${platform} (Node ${process.versions.node}).\n` +
        `Tried:\n  ${tried.join('\n  ')}\n` +
        `Build it with \`npm run setup\` (installs the engine and compiles the addon; Debian 12 x86_64 is supported).`);
}
exports.binding = load();
