/**
 * Small function-word lists for the languages merchants most often write in. They
 * down-weight (not drop) terms: "how" vs "what" can still separate two intents.
 */
const LISTS = [
  // en
  "a an the and or but if of to in on at by for with from as is are was were be been being am do does did doing have has had i me my mine we our you your he she it its they them their this that these those there here what which who whom whose when where why how can could would should will shall may might must not no yes so than too very just also about into over under again then once all any both each few more most other some such only own same s t don doesnt dont im ive id youre please tell know want need like get",
  // de
  "der die das den dem des ein eine einen einem einer und oder aber ich du er sie es wir ihr mein meine mich mir dich dir ist sind war bin bist hat habe haben wird werden kann können nicht kein keine zu im in am an auf mit von für aus bei wie was wer wo wann warum bitte",
  // fr
  "le la les un une des du de et ou mais je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses est sont suis etre avoir ai as a ont ne pas que qui quoi comment quand ou pourquoi dans sur avec pour par au aux ce cette ces sil vous plait",
  // es / pt / it
  "el los las una unos unas y o pero yo tu mi mis su sus es son soy estar esta estoy que como cuando donde por para con en del al lo se no si muy o os um uma e eu meu minha voce ele ela nao sim com por para em do da dos das il lo gli i un uno una e io mio mia tuo sono che come quando dove perche per con di da in non",
  // nl
  "de het een en of maar ik jij je hij zij wij mijn is zijn ben was niet geen te in op met van voor bij hoe wat wie waar wanneer waarom",
];

const STOP = new Set(LISTS.join(" ").split(/\s+/));

/** True for a (normalised, unstemmed) function word. */
export function isStopword(token: string): boolean {
  return STOP.has(token);
}
