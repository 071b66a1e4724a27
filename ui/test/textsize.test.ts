import assert from "node:assert/strict";
import { test } from "node:test";
import { nextTextSize, savedTextSize, TEXT_STEPS } from "../src/textsize";

test("Ctrl+= and Ctrl+- step through the sizes and stop at the ends; Ctrl+0 resets", () => {
  assert.equal(nextTextSize(1, "="), 1.2);
  assert.equal(nextTextSize(1, "+"), 1.2);
  assert.equal(nextTextSize(1.2, "-"), 1);
  assert.equal(nextTextSize(1, "-"), 0.9);
  assert.equal(nextTextSize(2.5, "="), 2.5);
  assert.equal(nextTextSize(0.8, "-"), 0.8);
  assert.equal(nextTextSize(2, "0"), 1);
  assert.equal(nextTextSize(1, "a"), null);
  // A size between steps moves to the next step up or the one below it.
  assert.equal(nextTextSize(1.1, "="), 1.4);
  let size = 1;
  for (let i = 0; i < TEXT_STEPS.length * 2; i++) size = nextTextSize(size, "=") ?? size;
  assert.equal(size, TEXT_STEPS[TEXT_STEPS.length - 1]);
});

test("a saved size is used only when it is one of the steps", () => {
  const store = (value: string | null) => ({ getItem: () => value });
  assert.equal(savedTextSize(store("1.6")), 1.6);
  assert.equal(savedTextSize(store(null)), 1);
  assert.equal(savedTextSize(store("7")), 1);
  assert.equal(savedTextSize(store("banana")), 1);
  assert.equal(savedTextSize(undefined), 1);
});
