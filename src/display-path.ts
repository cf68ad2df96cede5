import path from "node:path";

/** A file or folder as messages name it: relative to the working folder when inside it, with forward slashes. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return (relative.startsWith("..") ? file : relative).split(path.sep).join("/");
}
