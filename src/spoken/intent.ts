import { plain } from "./text.js";

// Lead-ins that say nothing about what the caller wants: "I'm calling to…", "I'd like to…".
const INTENT_LEAD = new Set(
  `i i'm i'd i've we we're am was is calling ringing phoning just really need needed want wanted
  would like love hoping hope looking trying to about regarding because it's this have has got
  a an the my our your some quick can could you someone somebody please also so well um uh hi
  hello yeah there`.split(/\s+/),
);
const INTENT_FILLER = new Set(
  "a an the my our your their his her him them me us is are was were am be been it its just really very some".split(
    " ",
  ),
);
const INTENT_END = new Set("and but because since so if when which who that then or please as".split(" "));
// Once the label has a verb and object, "for…", "on…" only add detail: "get quote", not "get quote for new".
const INTENT_DETAIL = new Set("for on at in with about from by".split(" "));

/** A short label such as "reschedule appointment" or "basement flooding", from the first clause. */
export function intentLabel(reason: string): string {
  const clause = reason.split(/[.!?,;]/)[0] ?? reason;
  const words =
    plain(clause)
      .toLowerCase()
      .match(/[a-z0-9][a-z0-9'-]*/g) ?? [];
  const start = words.findIndex((word) => !INTENT_LEAD.has(word));
  const label: string[] = [];
  for (const word of start < 0 ? [] : words.slice(start)) {
    if (INTENT_END.has(word) || label.length === 4 || (INTENT_DETAIL.has(word) && label.length >= 2)) break;
    if (!INTENT_FILLER.has(word)) label.push(word);
  }
  return label.join(" ") || "message";
}
