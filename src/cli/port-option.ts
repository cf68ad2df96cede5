/**
 * The preview server's `--port` (npm start, and npm run bench:preview, which starts it): a whole number
 * from 1 to 65535 written in digits alone, or undefined when none was given. Anything else throws, naming
 * the option, what it expects and what it found: "8081x", which parseInt would have read as 8081, and
 * "0x1F90", "1e3", "8081.0" or " 8081 ", which Number would have.
 */
export function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port > 0 && port < 65536)) throw new Error(`--port: expected a port number such as 8081; found ${JSON.stringify(value)}`);
  return port;
}
