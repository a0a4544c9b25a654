// npm's install step: nothing to compile here (npm would otherwise run node-gyp on binding.gyp). The addon
// comes from prebuilds/<platform>-<arch>/ or from `npm run setup`, which builds the engine and the addon.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platform = `${process.platform}-${process.arch}`;
const found = [
  join(root, 'build', 'Release', 'node_libwebrtc.node'),
  join(root, 'prebuilds', platform, 'node.napi.node'),
  join(root, 'prebuilds', platform, 'node-libwebrtc.node'),
].some((file) => existsSync(file));
if (!found && !existsSync(join(root, '.git'))) {
  console.warn(`node-libwebrtc: no prebuilt addon for ${platform}; build it with \`npm run setup\` in ${root} (Debian 12).`);
}
