import { readdirSync } from "node:fs";
import path from "node:path";
import { processImage } from "../src/images.ts";
const dir = process.argv[2]!;
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".jpg")).map((f) => path.join(dir, f));
const mem = () => { (globalThis as any).gc(); const m = process.memoryUsage(); return `rss ${(m.rss / 2 ** 20).toFixed(0)} MiB, arrayBuffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MiB`; };
console.log("before", mem());
for (const f of files) await processImage(f, { cacheDir: process.argv[3]! });
console.log(`after ${files.length} photos`, mem());
