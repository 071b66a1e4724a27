import assert from "node:assert/strict";
import { test } from "node:test";
import { asksSelfHarm, phq2Total, questionsFor, toInput, type Answers } from "../src/checkin";
import { CATALOGUES, LANGUAGES } from "../src/i18n";
import { CHECKIN_ITEMS, CHECKIN_QUESTIONS, WEEKDAYS } from "../src/ipc/bindings";

const calm: Answers = { phq2_interest: 1, phq2_down: 1, gad2_nervous: 0, gad2_worry: 1, function: 1, social: 0, eating: 0 };

test("the self-harm question is asked of the patient from a PHQ-2 total of 3", () => {
  assert.equal(phq2Total({ phq2_interest: 2 }), null);
  assert.equal(asksSelfHarm("patient", calm), false);
  assert.deepEqual(questionsFor("patient", calm), ["phq2_interest", "phq2_down", "gad2_nervous", "gad2_worry", "function", "social", "eating"]);
  const low = { ...calm, phq2_down: 2 };
  assert.equal(asksSelfHarm("patient", low), true);
  assert.ok(questionsFor("patient", low).includes("self_harm"));
  assert.equal(asksSelfHarm("caregiver", low), false);
});

test("a caregiver is asked neither PHQ-2, GAD-2 nor self-harm, but their own strain", () => {
  assert.deepEqual(questionsFor("caregiver", {}), ["function", "social", "eating", "caregiver_strain"]);
  assert.deepEqual(toInput("caregiver", { ...calm, phq2_down: 3, caregiver_strain: 2 }), {
    function: 1,
    social: 0,
    eating: 0,
    caregiverStrain: 2,
  });
});

test("answers become the shell's input; the first unanswered question is named", () => {
  assert.deepEqual(toInput("patient", calm), { function: 1, social: 0, eating: 0, phq2: [1, 1], gad2: [0, 1] });
  assert.deepEqual(toInput("patient", { ...calm, phq2_down: 2 }), { unanswered: "self_harm" });
  assert.deepEqual(toInput("patient", { ...calm, phq2_down: 2, self_harm: 1 }), {
    function: 1,
    social: 0,
    eating: 0,
    phq2: [1, 2],
    gad2: [0, 1],
    selfHarmThoughts: true,
  });
  // A self-harm answer left over after the PHQ-2 went back below 3 is not sent.
  assert.equal("selfHarmThoughts" in (toInput("patient", { ...calm, self_harm: 1 }) as object), false);
  const { eating: _, ...noEating } = calm;
  assert.deepEqual(toInput("patient", noEating), { unanswered: "eating" });
});

test("every question, answer and day has words in every language", () => {
  for (const lang of LANGUAGES) {
    const words = CATALOGUES[lang];
    for (const item of CHECKIN_ITEMS) {
      assert.ok(words[`checkin.q.${item}`], `${lang} checkin.q.${item}`);
      const { max, scale } = CHECKIN_QUESTIONS[item];
      for (let n = 0; n <= max; n++) assert.ok(words[`checkin.scale.${scale}.${n}`], `${lang} ${scale}.${n}`);
    }
    for (const day of WEEKDAYS) assert.ok(words[`weekday.${day}`], `${lang} weekday.${day}`);
  }
  // The Russian and Uzbek notes say their PHQ-2/GAD-2 wording is the project's own translation.
  assert.match(CATALOGUES.ru["checkin.translationNote"], /собственный перевод/);
  assert.match(CATALOGUES.uz["checkin.translationNote"], /oʻz tarjimasi/);
  assert.match(CATALOGUES.en["checkin.translationNote"], /not a validated one/);
});
