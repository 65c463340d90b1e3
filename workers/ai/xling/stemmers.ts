/**
 * Snowball stemmers (npm `@orama/stemmers`) through which an inflected query word is matched to
 * the dictionary headword with the same stem (Arabic's also strips proclitics: وال, ب, لل).
 * Lithuanian and Greek are left out: they ranked worse with their stemmers than with the
 * dictionary's own stems (dev data, CROSS-LINGUAL.md).
 */
import { stemmer as ar } from "@orama/stemmers/arabic";
import { stemmer as da } from "@orama/stemmers/danish";
import { stemmer as de } from "@orama/stemmers/german";
import { stemmer as es } from "@orama/stemmers/spanish";
import { stemmer as fr } from "@orama/stemmers/french";
import { stemmer as hi } from "@orama/stemmers/indian";
import { stemmer as id } from "@orama/stemmers/indonesian";
import { stemmer as it } from "@orama/stemmers/italian";
import { stemmer as nl } from "@orama/stemmers/dutch";
import { stemmer as ro } from "@orama/stemmers/romanian";
import { stemmer as ru } from "@orama/stemmers/russian";
import { stemmer as tr } from "@orama/stemmers/turkish";

export type Stemmer = (word: string) => string;

const STEMMERS: Record<string, Stemmer> = { ar, da, de, es, fr, hi, id, it, nl, ro, ru, tr };

/** The language's stemmer, or undefined when it has none (the lexicon's own stems are used). */
export function stemmerFor(lang: string): Stemmer | undefined {
  return STEMMERS[lang];
}
