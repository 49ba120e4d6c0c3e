// After `react-router build`: write .br (quality 11) and .gz (level 9) beside every hashed JS, CSS
// and SVG asset, so the server sends them without compressing on each request.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = path.resolve("build/client/assets");
let raw = 0;
let br = 0;
for (const name of fs.readdirSync(dir)) {
  if (!/\.(js|css|svg)$/.test(name)) continue;
  const file = path.join(dir, name);
  const data = fs.readFileSync(file);
  const b = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  fs.writeFileSync(`${file}.br`, b);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  raw += data.length;
  br += b.length;
}
console.log(`precompress: ${(raw / 1024).toFixed(0)} KB of JS/CSS/SVG → ${(br / 1024).toFixed(0)} KB brotli`);
