// Preloaded into a build under test (node --import): records each listing of a folder under
// NEWS_TRACED_FOLDERS (separated by path.delimiter) in the file NEWS_FOLDER_READS, with the frames that
// asked for it, so a test can tell what walked a folder and when. Plain JavaScript: it runs before tsx.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";

const traced = (process.env.NEWS_TRACED_FOLDERS ?? "").split(path.delimiter).filter(Boolean);
const log = process.env.NEWS_FOLDER_READS;

const record = (dir) => {
  const full = path.resolve(String(dir));
  if (!log || !traced.some((folder) => full === folder || full.startsWith(folder + path.sep))) return;
  const frames = (new Error().stack ?? "").split("\n").slice(3, 12).map((frame) => frame.trim()).join(" < ");
  fs.appendFileSync(log, `${JSON.stringify({ folder: full, frames })}\n`);
};

for (const [owner, name] of [[fs, "readdir"], [fs, "readdirSync"], [fs, "opendir"], [fs, "opendirSync"], [fs.promises, "readdir"], [fs.promises, "opendir"]]) {
  const original = owner[name];
  owner[name] = function (dir, ...rest) {
    record(dir);
    return original.call(this, dir, ...rest);
  };
}
syncBuiltinESMExports();
