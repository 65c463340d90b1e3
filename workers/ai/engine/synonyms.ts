/**
 * A small, general thesaurus of customer-support vocabulary (shop, account and
 * software help). Each group maps its members to one concept feature that the index
 * adds next to the words themselves, so "remove my account" meets "delete my
 * account" while an exact wording still scores higher. Data, not code: extend freely.
 * Multi-word members ("get rid of") match as phrases.
 */
export const SYNONYM_GROUPS: string[][] = [
  // actions on things
  ["delete", "remove", "erase", "get rid of", "wipe", "clear", "discard", "purge", "trash"],
  ["cancel", "call off", "revoke", "terminate", "abort", "stop"],
  ["deactivate", "disable", "turn off", "switch off", "shut off", "suspend"],
  ["activate", "enable", "turn on", "switch on"],
  ["download", "save", "store", "keep a copy", "offline"],
  ["backup", "back up", "export", "archive copy", "copy of"],
  ["import", "upload", "bring in", "load"],
  ["restore", "recover", "retrieve", "get back", "undo", "bring back", "undelete"],
  ["change", "modify", "edit", "update", "alter", "adjust", "amend"],
  ["create", "make", "generate", "build", "set up", "add", "new"],
  ["find", "search", "look for", "locate", "look up", "lookup", "seek", "query"],
  ["see", "view", "show", "display", "look at", "check", "watch", "open"],
  ["hide", "conceal", "invisible", "private", "secret"],
  ["share", "send", "forward", "pass on", "give access"],
  ["contact", "reach", "get in touch", "talk to", "speak to", "message", "write to", "call"],
  ["link", "url", "address", "permalink", "hyperlink"],
  ["copy", "duplicate", "clone", "paste"],
  ["move", "transfer", "migrate", "relocate"],
  ["merge", "combine", "join", "group", "unite"],
  ["split", "separate", "divide", "break up", "ungroup"],
  ["sort", "order by", "arrange", "rank"],
  ["filter", "limit", "restrict", "narrow", "constrain", "only"],
  ["block", "ban", "mute", "ignore", "blacklist"],
  ["follow", "subscribe", "track", "watch"],
  ["unsubscribe", "opt out", "stop receiving", "unfollow"],
  ["print", "printout", "hard copy"],
  ["format", "formatting", "style", "font", "layout"],
  // objects
  ["folder", "directory", "dir"],
  ["file", "document", "doc"],
  ["photo", "picture", "image", "pic", "img", "snapshot"],
  ["video", "clip", "movie", "film", "recording"],
  ["email", "e-mail", "mail", "inbox", "message"],
  ["account", "profile", "user account", "membership"],
  ["password", "passcode", "passphrase", "pin"],
  ["username", "user name", "login name", "handle", "user id"],
  ["log in", "login", "sign in", "signin", "log on", "access"],
  ["log out", "logout", "sign out", "signout"],
  ["sign up", "signup", "register", "registration", "join", "enroll"],
  ["friend", "contact", "connection", "follower"],
  ["person", "user", "people", "someone", "somebody", "member", "customer"],
  [
    "website",
    "site",
    "web page",
    "webpage",
    "page",
    "web app",
    "webapp",
    "online service",
    "service",
    "tool",
    "app",
    "application",
  ],
  [
    "setting",
    "settings",
    "preference",
    "preferences",
    "option",
    "options",
    "configuration",
    "config",
  ],
  ["notification", "alert", "reminder", "notice"],
  ["history", "log", "activity", "record", "past"],
  ["schedule", "calendar", "appointment", "meeting", "booking", "reservation"],
  ["time", "date", "day", "when", "moment", "timestamp"],
  ["specific", "particular", "certain", "given", "single", "individual"],
  ["all", "every", "entire", "whole", "complete", "everything"],
  ["many", "multiple", "several", "bulk", "batch", "lots of"],
  ["fast", "quick", "quickly", "rapid", "speedy", "asap"],
  ["free", "no cost", "without paying", "complimentary", "gratis"],
  // general English paraphrase pairs common in help requests
  ["possible", "can i", "is there a way", "way to", "able to", "how do i", "how can i", "how to"],
  ["prevent", "stop", "avoid", "keep from", "block"],
  ["big", "large", "huge", "size", "biggest", "largest"],
  ["small", "tiny", "little", "smallest", "minimum"],
  ["increase", "raise", "more", "bigger", "expand", "extend", "boost"],
  ["decrease", "reduce", "lower", "less", "fewer", "shrink", "cut"],
  ["first", "earliest", "oldest", "initial", "original"],
  ["last", "latest", "newest", "most recent", "recent"],
  ["several", "more than one", "multiple", "two or more", "various"],
  ["automatic", "automatically", "auto", "by itself"],
  ["manual", "manually", "by hand"],
  ["local", "locally", "on my computer", "on my pc", "on disk", "offline"],
  ["computer", "pc", "laptop", "desktop", "machine", "device"],
  ["phone", "mobile", "smartphone", "cellphone", "cell phone", "iphone", "android"],
  ["understand", "figure out", "find out", "determine", "work out", "learn"],
  ["know", "aware", "notice", "tell"],
  ["allow", "let", "permit", "enable", "grant"],
  ["require", "need", "must", "mandatory", "necessary"],
  ["work", "function", "operate", "run"],
  ["safe", "secure", "security", "protected", "privacy", "private"],
  ["fix", "repair", "solve", "resolve", "troubleshoot"],
  ["wait", "waiting", "pending", "hold"],
  ["receive", "get", "got", "obtain", "arrive", "arrived"],
  ["answer", "reply", "respond", "response"],
  ["question", "ask", "inquiry", "enquiry", "query"],
  ["start", "begin", "launch", "initiate", "kick off"],
  ["finish", "end", "complete", "done", "finished", "completed"],
  ["same", "identical", "equal", "matching"],
  ["different", "other", "another", "alternative", "separate"],
  ["easy", "simple", "easiest", "simplest", "straightforward"],
  ["hard", "difficult", "complicated", "tricky"],
  ["right", "correct", "proper", "appropriate"],
  ["list", "overview", "summary", "all of"],
  ["word", "term", "keyword", "phrase"],
  ["text", "content", "body"],
  ["attach", "attachment", "attached", "enclose"],
  ["web", "internet", "online", "net"],
  ["buy more", "upgrade", "premium", "paid plan", "subscription"],
  // commerce
  ["order", "purchase", "buy", "bought", "checkout"],
  ["price", "cost", "fee", "charge", "how much", "pricing", "rate"],
  ["cheap", "affordable", "inexpensive", "discount", "deal", "sale", "coupon", "promo", "voucher"],
  ["expensive", "pricey", "costly", "overpriced"],
  ["refund", "money back", "reimburse", "reimbursement", "repay"],
  ["return", "send back", "exchange", "swap"],
  [
    "ship",
    "shipping",
    "deliver",
    "delivery",
    "dispatch",
    "shipment",
    "postage",
    "courier",
    "parcel",
    "package",
  ],
  ["track", "tracking", "where is", "status", "whereabouts"],
  ["late", "delayed", "delay", "overdue", "not arrived", "still waiting", "hasnt arrived"],
  [
    "broken",
    "damaged",
    "defective",
    "faulty",
    "not working",
    "doesnt work",
    "malfunction",
    "cracked",
  ],
  ["wrong", "incorrect", "mistake", "error", "not what i ordered"],
  ["pay", "payment", "paid", "billing", "bill", "invoice"],
  ["card", "credit card", "debit card", "visa", "mastercard"],
  ["size", "sizing", "fit", "measurement", "dimensions"],
  ["stock", "available", "availability", "in stock", "out of stock", "sold out", "restock"],
  ["warranty", "guarantee", "guaranty"],
  ["help", "support", "assist", "assistance", "customer service", "agent", "human"],
  ["problem", "issue", "trouble", "bug", "glitch", "fault"],
  ["complaint", "complain", "unhappy", "dissatisfied", "disappointed"],
  ["open hours", "opening hours", "business hours", "open", "closed", "hours"],
  ["lost", "missing", "gone", "disappeared", "vanished", "misplaced"],
];

const STEMMED = new Map<string, number[]>();
let maxPhrase = 1;

/**
 * Groups keyed by their stemmed token sequence (built once, lazily, with the
 * index's stemmer). A member may belong to several groups ("contact").
 */
export function synonymTable(stemFn: (w: string) => string): {
  map: Map<string, number[]>;
  maxPhrase: number;
} {
  if (STEMMED.size === 0) {
    SYNONYM_GROUPS.forEach((group, gi) => {
      for (const member of group) {
        const toks = member.replace(/[-']/g, "").split(/\s+/).map(stemFn);
        maxPhrase = Math.max(maxPhrase, toks.length);
        const key = toks.join(" ");
        const list = STEMMED.get(key) ?? [];
        if (!list.includes(gi)) list.push(gi);
        STEMMED.set(key, list);
      }
    });
  }
  return { map: STEMMED, maxPhrase };
}

/** Concept ids found in a sequence of stemmed tokens, longest phrase first. */
export function concepts(stems: string[], stemFn: (w: string) => string): number[] {
  const { map, maxPhrase: maxLen } = synonymTable(stemFn);
  const out: number[] = [];
  for (let i = 0; i < stems.length; ) {
    let used = 1;
    for (let n = Math.min(maxLen, stems.length - i); n >= 1; n--) {
      const hit = map.get(stems.slice(i, i + n).join(" "));
      if (hit) {
        out.push(...hit);
        used = n;
        break;
      }
    }
    i += used;
  }
  return out;
}
