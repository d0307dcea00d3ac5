// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) next to each of the console's
// assets in DIR (not index.html, which is tiny and never cached), so the service can send
// them compressed without compressing on every request. Node's own zlib: nothing to install.
// Usage: node scripts/precompress.mjs DIR
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
}
