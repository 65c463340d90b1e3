/** Off-the-shelf detectors, run bare (plus the same candidate restriction), for comparison. */
import { franc } from "franc-min";
import { eld as eldSmall } from "eld/small";
import { detect as tinyDetect, toISO2, toISO3 } from "tinyld";

const canon = (l: string): string => (l === "nb" || l === "nn" ? "no" : l);

/** franc returns ISO 639-3; tinyld knows the mapping for the languages both cover. */
function iso1(code3: string): string {
  const special: Record<string, string> = {
    arb: "ar",
    cmn: "zh",
    nob: "no",
    nno: "no",
    zlm: "ms",
    pes: "fa",
  };
  return special[code3] ?? (toISO2(code3) || code3);
}

export function baselineDetector(name: string, candidates?: string[]): (t: string) => string {
  if (name === "tinyld")
    return (t) => canon(tinyDetect(t, candidates ? { only: candidates } : undefined));
  if (name === "eld") {
    const eld = eldSmall.newInstance();
    if (candidates) eld.setLanguageSubset(candidates);
    return (t) => canon(eld.detect(t).language);
  }
  if (name === "franc-min") {
    const only = candidates?.map((c) =>
      c === "no" ? "nob" : c === "zh" ? "cmn" : c === "ar" ? "arb" : toISO3(c),
    );
    return (t) => iso1(franc(t, only ? { minLength: 1, only } : { minLength: 1 }));
  }
  throw new Error(`unknown detector ${name}`);
}
