/**
 * National identity numbers that carry a check digit (plus the US SSN, which has
 * strict structural rules instead). Each pattern is anchored on word boundaries
 * and validated, so an order number that merely has the right length survives.
 */
import { luhnValid, modString, verhoeffValid } from "./checksums";

export interface IdRule {
  name: string;
  pattern: RegExp;
  valid: (match: string) => boolean;
}

const digitsOf = (s: string): string => s.replace(/\D/g, "");

function spanishDni(m: string): boolean {
  const s = m.toUpperCase().replace(/[\s-]/g, "");
  const letters = "TRWAGMYFPDXBNJZSQVHLCKE";
  const body = s.slice(0, -1).replace(/^X/, "0").replace(/^Y/, "1").replace(/^Z/, "2");
  return letters[Number(body) % 23] === s.slice(-1);
}

function italianCf(m: string): boolean {
  const s = m.toUpperCase();
  const odd = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
  ];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s[i];
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

function frenchNir(m: string): boolean {
  const s = m.replace(/\s/g, "").toUpperCase().replace("2A", "19").replace("2B", "18");
  const body = s.slice(0, 13);
  const key = Number(s.slice(13));
  return 97 - modString(body, 97) === key;
}

function norwegianFnr(m: string): boolean {
  const d = digitsOf(m).split("").map(Number);
  const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((a, w, i) => a + w * d[i], 0) % 11);
  const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((a, w, i) => a + w * d[i], 0) % 11);
  const c1 = k1 === 11 ? 0 : k1;
  const c2 = k2 === 11 ? 0 : k2;
  return c1 !== 10 && c2 !== 10 && c1 === d[9] && c2 === d[10];
}

function finnishHetu(m: string): boolean {
  const s = m.toUpperCase();
  const num = Number(s.slice(0, 6) + s.slice(7, 10));
  return "0123456789ABCDEFHJKLMNPRSTUVWXY"[num % 31] === s[10];
}

function brazilCpf(m: string): boolean {
  const d = digitsOf(m).split("").map(Number);
  if (new Set(d).size === 1) return false;
  const check = (n: number): number => {
    const s = d.slice(0, n).reduce((a, v, i) => a + v * (n + 1 - i), 0);
    const r = (s * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === d[9] && check(10) === d[10];
}

function chineseId(m: string): boolean {
  const s = m.toUpperCase();
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((a, wi, i) => a + wi * Number(s[i]), 0);
  return "10X98765432"[sum % 11] === s[17];
}

function dutchBsn(m: string): boolean {
  const d = digitsOf(m).padStart(9, "0").split("").map(Number);
  const sum = d.slice(0, 8).reduce((a, v, i) => a + v * (9 - i), 0) - d[8];
  return sum % 11 === 0 && sum !== 0;
}

function usSsn(m: string): boolean {
  const [a, g, s] = m.split("-");
  return a !== "000" && a !== "666" && !a.startsWith("9") && g !== "00" && s !== "0000";
}

export const NATIONAL_ID_RULES: IdRule[] = [
  { name: "es-dni", pattern: /\b[XYZ]?\d{7,8}[-\s]?[A-HJ-NP-TV-Z]\b/gi, valid: spanishDni },
  {
    name: "it-cf",
    pattern: /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi,
    valid: italianCf,
  },
  {
    name: "fr-nir",
    pattern: /\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}\b/gi,
    valid: frenchNir,
  },
  {
    name: "se-pnr",
    pattern: /\b(?:19|20)?\d{6}[-+]\d{4}\b/g,
    valid: (m) => luhnValid(digitsOf(m).slice(-10)),
  },
  { name: "fi-hetu", pattern: /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]\b/g, valid: finnishHetu },
  { name: "no-fnr", pattern: /\b[0-7]\d[01]\d{3}\s?\d{5}\b/g, valid: norwegianFnr },
  { name: "br-cpf", pattern: /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g, valid: brazilCpf },
  { name: "cn-id", pattern: /\b\d{17}[\dXx]\b/g, valid: chineseId },
  {
    name: "in-aadhaar",
    pattern: /\b[2-9]\d{3}\s\d{4}\s\d{4}\b/g,
    valid: (m) => verhoeffValid(digitsOf(m)),
  },
  // A bare 9-digit number is too common (order numbers) to redact without its name.
  {
    name: "nl-bsn",
    pattern: /\bBSN(?:[-\s]?(?:nummer|number|nr\.?))?:?\s*\d{8,9}\b/gi,
    valid: (m) => dutchBsn(m.replace(/^\D+/, "")),
  },
  { name: "us-ssn", pattern: /\b\d{3}-\d{2}-\d{4}\b/g, valid: usSsn },
];
