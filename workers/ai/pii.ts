/**
 * PII redaction before any text reaches a model or a log. Values become typed
 * placeholders ([CARD_1], [IBAN_1], [EMAIL_1], [PHONE_1], [ID_1]) that the reply can
 * carry through and `restorePii` puts back. Numbers are only redacted when their
 * check digits hold, so order numbers and amounts stay readable to the model.
 */
import { ibanValid, luhnValid } from "./pii/checksums";
import { NATIONAL_ID_RULES } from "./pii/national-ids";

export type PiiType = "EMAIL" | "IBAN" | "CARD" | "ID" | "PHONE";

export interface PiiFinding {
  type: PiiType;
  placeholder: string;
  value: string;
}

interface Detector {
  type: PiiType;
  pattern: RegExp;
  valid?: (m: string) => boolean;
}

const DETECTORS: Detector[] = [
  { type: "EMAIL", pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu },
  { type: "IBAN", pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}\b/gi, valid: ibanValid },
  {
    type: "CARD",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    valid: (m) => {
      const d = m.replace(/\D/g, "");
      return d.length >= 13 && d.length <= 19 && luhnValid(d) && !/^(\d)\1+$/.test(d);
    },
  },
  ...NATIONAL_ID_RULES.map((r): Detector => ({ type: "ID", pattern: r.pattern, valid: r.valid })),
  {
    // International (+CC …) or obviously formatted local numbers (0…, (…)), 8–15 digits.
    type: "PHONE",
    pattern:
      /(?:\+|00)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}\b|\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}\b|\b0\d{1,4}[\s.-]\d{2,4}(?:[\s.-]?\d{2,4}){1,3}\b/g,
    valid: (m) => {
      const n = m.replace(/\D/g, "").length;
      return n >= 8 && n <= 15;
    },
  },
];

export interface PiiRedactor {
  /** Redacts one text; `found` are the findings it used (new or numbered earlier). */
  redact(text: string): { text: string; found: PiiFinding[] };
  /** Every finding so far. */
  readonly found: readonly PiiFinding[];
}

/**
 * One numbering across several texts (a prompt's history, message and tool results): the same value
 * keeps its placeholder everywhere and different values never share one, so a placeholder the model
 * repeats stands for exactly one value.
 */
export function createPiiRedactor(): PiiRedactor {
  const found: PiiFinding[] = [];
  const counters = new Map<PiiType, number>();
  return {
    found,
    redact(text) {
      const used = new Set<PiiFinding>();
      let out = text;
      for (const det of DETECTORS) {
        out = out.replace(det.pattern, (m: string) => {
          if (det.valid && !det.valid(m)) return m;
          let finding = found.find((f) => f.type === det.type && f.value === m);
          if (!finding) {
            const n = (counters.get(det.type) ?? 0) + 1;
            counters.set(det.type, n);
            finding = { type: det.type, placeholder: `[${det.type}_${n}]`, value: m };
            found.push(finding);
          }
          used.add(finding);
          return finding.placeholder;
        });
      }
      return { text: out, found: [...used] };
    },
  };
}

/** Replace PII with placeholders. The same value always gets the same placeholder. */
export function redactPii(text: string): { text: string; found: PiiFinding[] } {
  return createPiiRedactor().redact(text);
}

/** Put redacted values back (e.g. into a generated reply that quoted a placeholder). */
export function restorePii(
  text: string,
  found: readonly Pick<PiiFinding, "placeholder" | "value">[],
): string {
  let out = text;
  for (const f of found) out = out.split(f.placeholder).join(f.value);
  return out;
}
