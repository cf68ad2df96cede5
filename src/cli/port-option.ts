/**
 * The preview server's `--port` (npm start, and npm run bench:preview, which starts it): a whole number
 * from 1 to 65535, or undefined when none was given. Anything else throws, naming the option, what it
 * expects and what it found ("8081x" included, which parseInt would have read as 8081).
 */
export function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`--port: expected a port number such as 8081; found ${JSON.stringify(value)}`);
  return port;
}
