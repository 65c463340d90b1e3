/**
 * Lead facts in Chinese and Japanese, which write no spaces between words: purchase verbs, counter
 * quantities ("三件", "2足"), the product after the counter (zh) or before を (ja), colour, size and
 * price questions. Pure functions; `leadFacts` merges the result with the space-separated reading.
 */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const BUY =
  /(想买|要买|购买|購買|订购|訂購|下单|下單|买|買いたい|買います|買う|購入したい|購入します|注文したい|注文します)/u;
const PRICE = /(多少钱|多少錢|价格|價格|价钱|價錢|いくら|値段|価格)/u;
const COUNTERS = "件个個双雙条條盒瓶套台只隻支包份つ足本枚点着";
const QUANTITY = new RegExp(`([0-9０-９]+|[一二两兩三四五六七八九十]+)\\s*([${COUNTERS}])`, "u");
const COLOURS = [
  "红色",
  "紅色",
  "蓝色",
  "藍色",
  "黑色",
  "白色",
  "绿色",
  "綠色",
  "黄色",
  "黃色",
  "灰色",
  "粉色",
  "紫色",
  "棕色",
  "米色",
  "赤",
  "青",
  "黒",
  "白",
  "緑",
  "グレー",
  "ピンク",
  "ネイビー",
  "ベージュ",
];
const SIZE_ZH = /([XSML]{1,3}|\d{2,3})\s*(码|碼|号|號)/u;
const SIZE_JA = /サイズ(?:は|:|：)?\s*([A-Z0-9.]{1,4})/u;
/** A product name: CJK, Latin or digits, up to punctuation, a particle or a space. */
const NAME = /^[\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9]{1,16}/u;

/** "这款跑鞋" (this model of running shoes): the product after a demonstrative and a measure word. */
const DEMONSTRATIVE =
  /(这|那|這)(?:款|件|双|雙|个|個|条|條)([\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9]{1,12}?)(?=多少|怎么|怎麼|有|还|還|的|[\s，。！？、,.!?]|$)/u;

const DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 1–99 written in digits (also full-width) or Chinese numerals. */
function toNumber(s: string): number | null {
  const ascii = s.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  const [tens, ones] = ascii.includes("十") ? ascii.split("十") : ["", ascii];
  const t = ascii.includes("十") ? (tens ? DIGITS[tens] : 1) : 0;
  const o = ones ? DIGITS[ones] : 0;
  if (t === undefined || o === undefined) return null;
  const n = t * 10 + o;
  return n > 0 ? n : null;
}

export interface CjkFacts {
  product: string | null;
  variant: string | null;
  quantity: number | null;
  purchase: boolean;
  price: boolean;
}

export function cjkFacts(text: string): CjkFacts {
  const q = text.match(QUANTITY);
  const quantity = q ? toNumber(q[1]) : null;
  const colour = COLOURS.find((c) => text.includes(c)) ?? null;
  const zhSize = text.match(SIZE_ZH);
  const jaSize = text.match(SIZE_JA);
  const size = zhSize ? zhSize[0].replace(/\s+/g, "") : jaSize ? `サイズ ${jaSize[1]}` : null;

  let product: string | null = null;
  const jaObject = text.match(/([\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9]{1,16})を/u);
  if (jaObject) product = jaObject[1];
  else if (DEMONSTRATIVE.test(text)) product = text.match(DEMONSTRATIVE)?.[2] ?? null;
  else if (q?.index !== undefined) {
    let rest = text.slice(q.index + q[0].length);
    if (colour && rest.startsWith(colour)) rest = rest.slice(colour.length).replace(/^的/u, "");
    product = rest.match(NAME)?.[0] ?? null;
  }

  return {
    product,
    variant: [colour, size].filter(Boolean).join(", ") || null,
    quantity,
    purchase: BUY.test(text),
    price: PRICE.test(text),
  };
}
