/**
 * Distinctive everyday words for languages that n-gram detectors confuse with a
 * close neighbour (Danish/Norwegian/Swedish, Indonesian/Malay, Serbian/Croatian,
 * Spanish/Portuguese, Czech/Slovak…). Only words frequent in one member and rare
 * or absent in the others are listed; shared words decide nothing. Data, not code.
 */
export const CLUSTERS: string[][] = [
  ["da", "no", "sv"],
  ["id", "ms"],
  ["sr", "hr", "bs"],
  ["es", "pt", "gl", "ca"],
  ["cs", "sk"],
  ["nl", "af"],
  ["ru", "uk", "be"],
];

export const DISTINCTIVE: Record<string, string> = {
  da: "af hvad mig dig sig efter noget meget nogle hvornår næste sæt slet spil læg giv lav mit dit sit bog uge uger ugen ud ude op sne vejr vejret venligst påmindelse påmindelser bestil tilføj kun blev bliver nu",
  no: "å av hva meg deg seg etter noe mye noen neste sett slett spill legg gi lag mitt ditt sitt bok uke uker uka ut ute opp snø vær været påminnelse påminnelsen påminnelser bestill klokka helga helgen ikkje eg kva kor berre dei",
  sv: "och jag inte vad hur är för mig dig sig att ett som har vill ska idag imorgon väder vädret visa spela lägg boka påminnelse påminnelser nästa snö också bara någon några mycket kväll",
  id: "bisa kamu uang mobil kantor mau harus besok tampilkan putar dong nggak gak banget sih pengingat film musik televisi silakan kapan sampai tolong ingin",
  ms: "boleh awak wang kereta pejabat mahu mesti esok paparkan mainkan filem muzik televisyen sila bila hingga saja hendak",
  sr: "šta ko hleb hiljada muzika pozorište voz vreme lepo reč dete mleko nedelja sutradan prikaži rezerviši plejlistu plejliste plejlista pesmu pesma čas uveče ovde gde devojka",
  hr: "što tko kruh tisuća glazba kazalište vlak vrijeme lijepo riječ dijete mlijeko tjedan prikaži rezerviraj popis pjesmu pjesma sat navečer ovdje gdje djevojka",
  bs: "šta ko hljeb hiljadu muzika pozorište voz vrijeme lijepo riječ dijete mlijeko sedmica ovdje gdje",
  es: "el los las del por qué cómo usted gracias favor hola muy pero también cuándo dónde hoy mañana tiempo quiero puedo necesito ñ",
  pt: "não você obrigado obrigada do dos das na em um uma com para meu minha isso essa hoje amanhã tempo quero posso preciso também quando onde",
  gl: "non vostede grazas moi pero tamén cando onde hoxe mañá quero podo necesito",
  ca: "els les amb per què com està vostè gràcies molt però també quan on avui demà temps vull puc necessito",
  cs: "ě ř ů jsem není být také kde kdy proč děkuji prosím dnes zítra počasí",
  sk: "ä ô ľ ĺ ŕ som nie byť tiež kde kedy prečo ďakujem prosím dnes zajtra počasie",
  nl: "het een van niet ik je jij wat waar wanneer hoe bedankt alstublieft vandaag morgen weer",
  af: "die nie ek jy wat waar wanneer hoe dankie asseblief vandag môre weer is baie",
  ru: "ы э ъ что как где когда спасибо пожалуйста сегодня завтра погода",
  uk: "і ї є ґ що як де коли дякую будь ласка сьогодні завтра погода",
  be: "і ў што як дзе калі дзякуй калі ласка сёння заўтра надвор'е",
};

/** Space-separated word lists to per-language sets. */
export function toWordSets(lists: Record<string, string>): Map<string, Set<string>> {
  return new Map(Object.entries(lists).map(([lang, words]) => [lang, new Set(words.split(" "))]));
}

const WORDS = toWordSets(DISTINCTIVE);

/** The cluster containing a language, if any. */
export function clusterOf(lang: string): string[] | undefined {
  return CLUSTERS.find((c) => c.includes(lang));
}

/**
 * Count of distinctive words (and letters, for entries of one character) of each
 * language of `cluster` in the tokens.
 */
export function lexiconHits(
  tokens: string[],
  text: string,
  cluster: string[],
): Map<string, number> {
  const hits = new Map<string, number>();
  for (const lang of cluster) {
    const set = WORDS.get(lang);
    if (!set) continue;
    let n = 0;
    for (const t of tokens) if (set.has(t)) n++;
    for (const w of set) if ([...w].length === 1 && text.includes(w)) n++;
    hits.set(lang, n);
  }
  return hits;
}
