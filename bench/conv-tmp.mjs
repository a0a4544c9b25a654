import { createRequire } from 'node:module';
const name = process.argv[2]; const which = process.argv[3];
const m = name === 'node-libwebrtc' ? await import('/work/main/dist/esm/index.mjs') : createRequire(import.meta.url)('@roamhq/wrtc');
const { nonstandard } = m.default?.nonstandard ? m.default : m;
const width=1280,height=720;
const i420 = { width, height, data: new Uint8ClampedArray(width * height * 1.5).fill(100) };
const rgba = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(200) };
const t0=performance.now(); let n=0;
while (performance.now()-t0<4000){ which==='a'? nonstandard.i420ToRgba(i420, rgba): nonstandard.rgbaToI420(rgba,i420); n++; }
console.log(name, which, (n*rgba.data.byteLength/((performance.now()-t0)/1000)/1e6).toFixed(0));
