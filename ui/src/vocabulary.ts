// The spec's vocabulary (shared/spec/diary-json.md), in the order the screens ask it.
// Only the words live here; their plain-language labels are in the locale files.

export const CORE_RATINGS = ["fatigue", "pain", "itching", "jaundice", "appetite_loss"];

export const OTHER_RATINGS = [
  "nausea",
  "abdominal_pain",
  "mouth_sores",
  "hand_foot",
  "numbness",
  "shortness_of_breath",
  "cough",
  "abdominal_swelling",
  "leg_swelling",
  "constipation",
  "insomnia",
  "anxiety",
  "low_mood",
];

export const ALL_RATINGS = [...CORE_RATINGS, ...OTHER_RATINGS];

export const SIGNS = [
  "dark_urine",
  "pale_stools",
  "black_stools",
  "vomiting_blood",
  "bruising",
  "uncontrolled_bleeding",
  "confusion",
  "chest_pain",
  "shivering",
  "unable_to_keep_fluids",
  "breathless_at_rest",
];

export const THERAPIES = [
  "taxane",
  "capecitabine",
  "eribulin",
  "anthracycline",
  "platinum",
  "her2_antibody",
  "t_dxd",
  "cdk46_inhibitor",
  "checkpoint_inhibitor",
  "endocrine",
  "other",
];

export const SCALE = [0, 1, 2, 3, 4];

/** How the lab units are written on screen (the spec's spellings are ASCII). */
export const LAB_UNIT_SYMBOLS: Record<string, string> = {
  "umol/L": "µmol/L",
  "mg/dL": "mg/dL",
  "U/L": "U/L",
  "g/L": "g/L",
  "g/dL": "g/dL",
  "10^9/L": "×10⁹/L",
  "10^3/uL": "×10³/µL",
};
