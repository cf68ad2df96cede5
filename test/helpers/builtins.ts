import { syncBuiltinESMExports } from "node:module";

/**
 * Replaces one export of a Node built-in module (its default import, which is writable) for the code
 * under test, which imports it by name: Node copies the change into every module's named imports.
 * Returns the function that puts the original back.
 */
export function replaceBuiltinExport<M extends object, K extends keyof M>(builtin: M, name: K, replacement: M[K]): () => void {
  const original = builtin[name];
  builtin[name] = replacement;
  syncBuiltinESMExports();
  return () => {
    builtin[name] = original;
    syncBuiltinESMExports();
  };
}
