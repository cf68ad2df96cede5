import { test } from "node:test";
import assert from "node:assert/strict";
import { portOption } from "../src/cli/port-option.ts";

test("no --port leaves the choice to the preview; one given is the port, up to the last there is", () => {
  assert.equal(portOption(undefined), undefined);
  assert.equal(portOption("1"), 1);
  assert.equal(portOption("8081"), 8081);
  assert.equal(portOption("65535"), 65535);
});

test("a port outside 1 to 65535, or not a whole number, is refused with what was found", () => {
  // "" and "0" matter most: both read as 0, which would let the system pick any port rather than the one asked for.
  for (const value of ["", "0", "-1", "65536", "80.5", "8081x", "http"]) {
    assert.throws(() => portOption(value), { message: `--port: expected a port number such as 8081; found ${JSON.stringify(value)}` }, value);
  }
});
