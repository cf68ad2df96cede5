import { test } from "node:test";
import assert from "node:assert/strict";
import { portOption } from "../src/cli/port-option.ts";

test("no --port leaves the choice to the preview; one given is the port, up to the last there is", () => {
  assert.equal(portOption(undefined), undefined);
  assert.equal(portOption("1"), 1);
  assert.equal(portOption("8081"), 8081);
  assert.equal(portOption("65535"), 65535);
  assert.equal(portOption("08081"), 8081, "digits all the same");
});

test("a port outside 1 to 65535, or not a whole number in digits alone, is refused with what was found", () => {
  // "" and "0" matter most: both read as 0, which would let the system pick any port rather than the one asked for.
  // The rest JavaScript's Number reads as a port: hexadecimal, an exponent, a fraction of zero, spaces around it.
  const notDigits = ["0x1F90", "1e3", "8081.0", " 8081 ", "8081\n", "+8081", "0b1", "0o17", "８０８１"];
  for (const value of ["", "0", "00", "-1", "65536", "80.5", "8081x", "http", "99999999999999999999", ...notDigits]) {
    assert.throws(() => portOption(value), { message: `--port: expected a port number such as 8081; found ${JSON.stringify(value)}` }, value);
  }
});
