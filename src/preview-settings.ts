import path from "node:path";
import { pathToFileURL } from "node:url";
import { optionsAndSettings } from "./build-options.ts";
import { SETTINGS_MODULE, SettingsError, type SettingsInput } from "./settings.ts";

/**
 * What stops the preview from starting with the settings as they are now, named as npm run build names
 * it, or undefined when nothing does. Checked before Eleventy loads its configuration, which imports the
 * same module, so that a bad edit leaves the preview a page to show rather than a stack trace
 * (src/cli/preview.ts). Any other failure is thrown.
 */
export async function settingsProblem(root = process.cwd()): Promise<string | undefined> {
  let input: SettingsInput;
  try {
    input = ((await import(pathToFileURL(path.join(root, SETTINGS_MODULE)).href)) as { default: SettingsInput }).default;
  } catch (error) {
    // tsx's compile error names the file by its full path, with line and column.
    const message = (error instanceof Error ? error.message : String(error)).replace(/^Transform failed with \d+ errors?:\n/, "").replaceAll(`${root}${path.sep}`, "");
    return `${SETTINGS_MODULE} could not be loaded:\n  ${message.split("\n").join("\n  ")}`;
  }
  try {
    optionsAndSettings(input, process.env, root);
    return undefined;
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
}
