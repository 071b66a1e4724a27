// The weekly check-in's form logic with no DOM: which questions a person is asked (PHQ-2,
// GAD-2 and self-harm the patient only, self-harm only once the PHQ-2 total reaches the
// core's threshold, caregiver strain a caregiver only) and the answers turned into what
// the shell takes. The lists and the threshold come from Rust (ipc/bindings.ts), so node
// tests the rules the screen follows without a window.
import {
  CHECKIN_ITEMS,
  CHECKIN_QUESTIONS,
  SELF_HARM_ASKED_FROM_PHQ2,
  type CheckinInput,
  type CheckinItem,
  type Reporter,
} from "./ipc/bindings";

/** Answers by question, as chosen on the screen (a number 0 … max; self-harm 0 no, 1 yes). */
export type Answers = Partial<Record<CheckinItem, number>>;

/** The PHQ-2 items, then the GAD-2 items: the questions of the "over the last 2 weeks" part. */
export const PHQ2: readonly CheckinItem[] = ["phq2_interest", "phq2_down"];
export const GAD2: readonly CheckinItem[] = ["gad2_nervous", "gad2_worry"];

/** The PHQ-2 total of `answers`, or null until both items are answered. */
export function phq2Total(answers: Answers): number | null {
  const [a, b] = PHQ2.map((item) => answers[item]);
  return a === undefined || b === undefined ? null : a + b;
}

/** Whether the self-harm question is asked: of the patient, once the PHQ-2 total is at
 * least the core's threshold. */
export function asksSelfHarm(reporter: Reporter, answers: Answers): boolean {
  const total = phq2Total(answers);
  return reporter === "patient" && total !== null && total >= SELF_HARM_ASKED_FROM_PHQ2;
}

/** The questions `reporter` is asked, in the core's order; self-harm only when asked. */
export function questionsFor(reporter: Reporter, answers: Answers): CheckinItem[] {
  return CHECKIN_ITEMS.filter(
    (item) =>
      CHECKIN_QUESTIONS[item].askedOf.includes(reporter) && (item !== "self_harm" || asksSelfHarm(reporter, answers)),
  );
}

/** What the shell takes, or the first question asked and not answered. Answers to
 * questions not asked (a self-harm answer given before the PHQ-2 fell below the threshold)
 * are left out. */
export function toInput(reporter: Reporter, answers: Answers): CheckinInput | { unanswered: CheckinItem } {
  const asked = questionsFor(reporter, answers);
  const missing = asked.find((item) => answers[item] === undefined);
  if (missing !== undefined) return { unanswered: missing };
  const pair = (items: readonly CheckinItem[]): [number, number] | undefined =>
    asked.includes(items[0]) ? [answers[items[0]] as number, answers[items[1]] as number] : undefined;
  const input: CheckinInput = {
    function: answers.function,
    social: answers.social,
    eating: answers.eating,
  };
  const phq2 = pair(PHQ2);
  const gad2 = pair(GAD2);
  if (phq2) input.phq2 = phq2;
  if (gad2) input.gad2 = gad2;
  if (asked.includes("self_harm")) input.selfHarmThoughts = answers.self_harm === 1;
  if (asked.includes("caregiver_strain")) input.caregiverStrain = answers.caregiver_strain;
  return input;
}
