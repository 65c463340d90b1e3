/**
 * The most frequent function words of common languages (articles, pronouns,
 * prepositions, auxiliaries, question words). A message that contains "til",
 * "jeg" and "med" is Scandinavian even when half of it is an English film title, so
 * these act as a prior next to the n-gram statistics. Written from general
 * knowledge of each language, not from any evaluation set. Data, not code.
 */
import { toWordSets } from "./lexicon";

export const FUNCTION_WORDS: Record<string, string> = {
  en: "the a an and or of to in on at for with from by is are was were be been am do does did have has had i you he she it we they me my your our their this that these those what which who where when why how can could would should will not no yes please",
  de: "der die das den dem des ein eine einen einem einer und oder von zu im in auf mit für aus bei ist sind war bin hat habe haben wird werden ich du er sie es wir ihr mich mir dich dir mein meine nicht kein keine was wer wo wann warum wie bitte auch noch schon",
  nl: "de het een en of van te in op aan met voor bij uit is zijn was ben heb heeft hebben wordt ik jij je hij zij wij ons mijn mij niet geen wat wie waar wanneer waarom hoe alstublieft ook nog al er",
  da: "og i jeg det at en et den til er som på de med han af ikke der så var mig sig men har om vi min mit hvad hvor hvordan hvornår kan vil skal må fra for også nu gerne",
  no: "og i jeg det at en et den til er som på de med han av ikke der så var meg seg men har om vi min mitt hva hvor hvordan når kan vil skal må fra for også nå gjerne",
  sv: "och i jag det att en ett den till är som på de med han av inte där så var mig sig men har om vi min mitt vad var hur när kan vill ska måste från för också nu gärna",
  fr: "le la les un une des du de et ou à au aux en dans sur avec pour par est sont suis être avoir ai as a ont je tu il elle nous vous ils elles mon ma mes ne pas que qui quoi où quand comment pourquoi ce cette ces",
  es: "el la los las un una unos unas y o de del al a en con por para es son soy está están ser estar yo tú él ella nosotros mi mis tu su no sí que qué quién dónde cuándo cómo por qué este esta",
  pt: "o a os as um uma uns umas e ou de do da dos das ao em no na nos nas com por para é são sou está estão ser estar eu tu ele ela nós meu minha não sim que quem onde quando como este esta",
  it: "il lo la i gli le un uno una e o di del della dei delle a al alla da in nel nella con per su è sono sei essere avere ho hai ha io tu lui lei noi mio mia non sì che chi dove quando come perché questo questa mi ti",
  id: "yang dan di ke dari untuk dengan ini itu adalah saya aku kamu anda dia kami kita mereka tidak bukan apa siapa mana kapan bagaimana mengapa bisa akan sudah belum ada pada juga",
  ms: "yang dan di ke dari untuk dengan ini itu adalah saya aku awak anda dia kami kita mereka tidak bukan apa siapa mana bila bagaimana mengapa boleh akan sudah belum ada pada juga",
  tr: "ve veya bir bu şu o ben sen biz siz onlar benim senin için ile de da mi mı mu mü ne nerede ne zaman nasıl neden değil var yok çok daha en gibi kadar",
  lt: "ir ar bet kad į iš su be per prie ant po aš tu jis ji mes jūs jie mano tavo ne taip kas kur kada kaip kodėl yra buvo bus šis ši tas ta",
  sr: "i ili a ali u na sa od do za iz je su sam si smo ste biti ja ti on ona mi vi oni moj moja ne da li šta ko gde kada kako zašto ovaj ova to",
  hr: "i ili a ali u na sa od do za iz je su sam si smo ste biti ja ti on ona mi vi oni moj moja ne da li što tko gdje kada kako zašto ovaj ova to",
  pl: "i lub a ale w na z od do dla jest są jestem być ja ty on ona my wy oni mój moja nie tak co kto gdzie kiedy jak dlaczego ten ta to się",
  cs: "a nebo ale v na s od do pro z je jsou jsem být já ty on ona my vy oni můj moje ne ano co kdo kde kdy jak proč tento tato to se",
  ro: "și sau dar în pe cu de la din pentru este sunt eu tu el ea noi voi ei meu mea nu da ce cine unde când cum de ce acest această",
  fi: "ja tai mutta on ovat olen olla minä sinä hän me te he minun sinun ei kyllä mikä kuka missä milloin miten miksi tämä se että",
};

const SETS = toWordSets(FUNCTION_WORDS);

/** Share of tokens that are function words of each listed language (only those in `langs`). */
export function functionWordShares(tokens: string[], langs: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  if (tokens.length === 0) return out;
  for (const l of langs) {
    const set = SETS.get(l);
    if (!set) continue;
    out.set(l, tokens.filter((t) => set.has(t)).length / tokens.length);
  }
  return out;
}
