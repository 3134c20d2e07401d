import type { TranscriptLine } from "../calls/transcript.js";
import { asksForSomeone } from "../spoken/asking-for-someone.js";
import { namesCallerId } from "../spoken/caller-id-named.js";
import { digitCount, extractDigitSequence } from "../spoken/digits.js";
import { isGoodbye } from "../spoken/goodbye.js";
import { asksAboutHours, withoutHoursQuestions } from "../spoken/hours-question.js";
import { extractName, firstName } from "../spoken/names.js";
import {
  areaCodeIn,
  areaCodeOf,
  continueNumber,
  formatPhoneForSpeech,
  isCallbackNumber,
  lacksAreaCode,
  normalizePhoneNumber,
  withCallerIdAreaCode,
} from "../spoken/phone-numbers.js";
import { extractReason } from "../spoken/reason.js";
import { describeReason } from "../spoken/retelling.js";
import { wordCount } from "../spoken/text.js";
import { saysOnlyHowUrgent, urgencyOf } from "../spoken/urgency.js";
import { askedFor } from "../spoken/what-was-asked.js";
import { parseYesNo } from "../spoken/yes-no.js";
import { type CallAgent, type CallContext, MAX_BRIEFING_LENGTH, type ReplyEvent } from "./agent.js";

type Detail = "name" | "reason" | "number";

/** A caller's line of the conversation: where it is, and how it read when we took something from it. */
interface CallerLine {
  index: number;
  text: string;
}

/** What the caller last heard us ask, which decides how their next words are read. */
type Prompt = Detail | "callerIdOffer" | "areaCode" | "confirm" | "correction";

const TRANSFER_REASON = "an emergency; the caller asked for the owner";
const TRANSFERRED = "transferred to owner";

// A fourth identical question sounds like a broken machine; better to carry on without the detail.
const MAX_ASKS = 3;
// The area code of a number read out without one is asked for once: a caller who cannot or will not
// give it is not held up, and the owner still gets the number as it was said.
const MAX_AREA_CODE_ASKS = 1;

/** What one reply learned from the caller, so the answer can acknowledge it. */
interface Heard {
  nameLearned: boolean;
  reasonLearned: boolean;
  corrected: boolean;
  partialNumber: string | undefined;
  callerIdDeclined: boolean;
  /** "The number I'm calling from", "you already have it": the answer is the caller ID. */
  callerIdNamed: boolean;
  /** The caller ID was named, but this call's did not come through. */
  callerIdMissing: boolean;
  /** The caller would rather not leave a number: it is not asked for again. */
  numberDeclined: boolean;
  /** "Why do you need that?" in answer to "what's the best number?". */
  numberQuestioned: boolean;
  wantsSomeone: boolean;
  /** An emergency ("my basement is flooding", "it's urgent"). */
  urgent: boolean;
  /** "Why do you need that?" in answer to "may I have your name?". */
  nameQuestioned: boolean;
  nameDeclined: boolean;
  needsCorrection: boolean;
  /**
   * The caller's last line asks when we are open. `setAside`: the question it was the answer to,
   * when it says nothing else, to be asked again after the hours.
   */
  hoursAsked: { setAside: Prompt | undefined } | undefined;
  outcome: "continue" | "confirmed" | "goodbye";
}

const DECLINES = /\b(?:rather not|prefer not|don't want to|no need|not important|doesn't matter|skip)\b/i;

// In answer to "what's the area code?": the business's own ("same as yours", "it's local").
const SAME_AREA_CODE_AS_YOURS =
  /\bsame (?:area code )?as (?:yours|you|your (?:number|office|line))\b|\b(?:it's|it is) local\b/i;

// In answer to "what's the best number?": the caller has none to give, or would rather not.
const NO_NUMBER =
  /^\W*(?:no|nope|nah)(?:,? thanks| thank you)?\W*$|\b(?:do(?:n'?t| not) have (?:one|a number|a phone)|no (?:number|phone)|none)\b/i;

// "That's my cell" in answer to "Is 555 123 4567 the best number?" is a yes.
const OWNS_THE_NUMBER =
  /\b(?:that's|that is|it's|it is|yes,? it's)\s+(?:my|the best|the right)\s+(?:number|cell|mobile|phone|line)\b/i;

// Words about the recap itself ("the reason is wrong"), as opposed to a new reason given in its place.
const ABOUT_THE_RECAP = /\b(?:name|number|phone|digits|spell\w*|reason|message|wrong|right|correct|mistake)\b/i;

function correctionTarget(text: string): Detail | undefined {
  if (/\b(?:number|phone|digits|cell|mobile)\b/i.test(text)) return "number";
  if (/\b(?:name|spell|spelled|spelt)\b/i.test(text)) return "name";
  if (/\b(?:reason|message|about|said)\b/i.test(text)) return "reason";
  return undefined;
}

/**
 * Each sentence its own event; later ones start with a space so the events join into speech. A
 * sentence can open with the owner's name, which by default is "the owner".
 */
function speak(sentences: readonly string[]): ReplyEvent[] {
  return sentences.map((sentence, index) => {
    const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
    return { type: "text", text: index === 0 ? capitalised : ` ${capitalised}` };
  });
}

function pick<T>(options: readonly T[], turn: number): T {
  return options[turn % options.length]!;
}

function joinSentences(first: string, second: string): string {
  return /[.!?]$/.test(first) ? `${first} ${second}` : `${first}. ${second}`;
}

/**
 * The scripted secretary: takes a message (name, reason, callback number) when Claude is not
 * configured, or answers the turns Claude fails on, picking up what the caller told Claude in
 * between. The one question it answers is when we are open, from hours worked out beforehand;
 * everything else the caller says ends up with the owner.
 */
class OfflineSecretary implements CallAgent {
  readonly kind = "offline";
  private readonly context: CallContext;
  private readonly takingOver: boolean;
  private name: string | undefined;
  private reason: string | undefined;
  private number: string | undefined;
  /** The start of a number read out over several turns. */
  private partialNumber = "";
  /** The caller's lines, as they read then, whose digits `number` and `partialNumber` hold. */
  private numberFrom: CallerLine[] = [];
  private partialNumberFrom: CallerLine[] = [];
  private prompt: Prompt | undefined;
  private redo: Detail | undefined;
  private readonly asks = new Map<Prompt, number>();
  private offeredCallerId = false;
  private endReason: string | undefined;
  private replies = 0;
  private seenEntries = 0;
  /** How many assistant lines the conversation had once our last reply joined it. */
  private assistantLinesAfterReply = 0;

  constructor(context: CallContext, takingOver: boolean) {
    this.context = context;
    this.takingOver = takingOver;
    this.name = context.knownCallerName;
  }

  async reply(
    history: readonly TranscriptLine[],
    signal: AbortSignal,
    out: (event: ReplyEvent) => void,
  ): Promise<void> {
    if (signal.aborted) return;
    for (const event of this.respondTo(history)) {
      if (signal.aborted) return;
      out(event);
    }
  }

  private respondTo(history: readonly TranscriptLine[]): ReplyEvent[] {
    const firstReply = this.replies === 0;
    const heard = this.listen(history, firstReply);
    const events = this.endReason ? this.afterGoodbye(history) : this.answer(heard, firstReply);
    this.replies += 1;
    return events;
  }

  /**
   * Reads every caller line not seen yet. On the first reply that is the whole call so far, which
   * matters when taking over from Claude: each line is read against the question it answered.
   */
  private listen(history: readonly TranscriptLine[], firstReply: boolean): Heard {
    const heard: Heard = {
      nameLearned: false,
      reasonLearned: false,
      corrected: false,
      partialNumber: undefined,
      callerIdDeclined: false,
      callerIdNamed: false,
      callerIdMissing: false,
      numberDeclined: false,
      numberQuestioned: false,
      wantsSomeone: false,
      urgent: false,
      nameQuestioned: false,
      nameDeclined: false,
      needsCorrection: false,
      hoursAsked: undefined,
      outcome: "continue",
    };
    this.forgetDigitsOfCorrectedLines(history);
    const latest = history.findLastIndex((entry) => entry.role === "CALLER");
    let assistantLines = history.slice(0, this.seenEntries).filter((entry) => entry.role === "ASSISTANT").length;
    for (let index = this.seenEntries; index < history.length; index++) {
      const entry = history[index]!;
      if (entry.role === "ASSISTANT") assistantLines++;
      if (entry.role !== "CALLER" || this.endReason) continue;
      // A line answers the question just before it. When that was our own last one, we know what
      // it asked; when Claude has spoken since (it answers the turns it can), or on our first
      // reply, it is read from its wording.
      const answersUs = !firstReply && assistantLines <= this.assistantLinesAfterReply;
      const expecting = answersUs ? this.prompt : this.promptBefore(history, index);
      this.absorb(entry.text, { expecting, answersUs, index }, heard, index === latest);
    }
    this.seenEntries = history.length;
    // Our reply is the next assistant line.
    this.assistantLinesAfterReply = assistantLines + 1;
    return heard;
  }

  /**
   * A caller's line can change after we read it: a card number they finished in a later line began
   * in it, and its digits were taken out (card-numbers.ts). Digits we took from it for a callback
   * number are then the start of a card: they go, never to be read back or passed on in the message.
   */
  private forgetDigitsOfCorrectedLines(history: readonly TranscriptLine[]): void {
    const changed = (lines: readonly CallerLine[]) => lines.some((line) => history[line.index]?.text !== line.text);
    if (changed(this.numberFrom)) {
      this.number = undefined;
      this.numberFrom = [];
    }
    if (changed(this.partialNumberFrom)) {
      this.partialNumber = "";
      this.partialNumberFrom = [];
    }
  }

  private promptBefore(history: readonly TranscriptLine[], index: number): Prompt | undefined {
    const question = history.slice(0, index).findLast((entry) => entry.role === "ASSISTANT");
    // Twilio's welcome greeting, which is not always in the history, ends "How can I help?".
    if (!question) return "reason";
    const detail = askedFor(question.text);
    if (detail !== "number") return detail;
    const callerDigits = this.context.callerPhone.replace(/\D/g, "").slice(-7);
    const offered =
      isCallbackNumber(this.context.callerPhone) && question.text.replace(/\D/g, "").includes(callerDigits);
    return offered ? "callerIdOffer" : "number";
  }

  /** `answersUs`: the line answers our own last question, rather than Claude's or the greeting. */
  private absorb(
    said: string,
    { expecting, answersUs, index }: { expecting: Prompt | undefined; answersUs: boolean; index: number },
    heard: Heard,
    latest: boolean,
  ): void {
    // A question about the hours is answered (when it is the line to answer), never a message.
    const text = asksAboutHours(said) ? withoutHoursQuestions(said) : said;
    if (text !== said) {
      const nothingElse = wordCount(text) === 0;
      if (latest) heard.hoursAsked = { setAside: nothingElse && answersUs ? expecting : undefined };
      if (nothingElse) return;
    }
    const before = this.snapshot();
    const numberGiven = this.absorbNumber(text, expecting, heard, { index, text: said });
    this.absorbName(text, expecting, heard);
    if (asksForSomeone(text)) heard.wantsSomeone = true;
    if (urgencyOf(text) === "URGENT") heard.urgent = true;
    const noDigits = !numberGiven && !heard.partialNumber;
    if (expecting === "callerIdOffer") {
      this.offeredCallerId = true;
      if (noDigits) this.absorbCallerIdAnswer(text, heard);
    } else if ((expecting === "number" || expecting === "areaCode") && noDigits) {
      this.noNumberGiven(text, heard);
    }
    if (expecting === "confirm" || expecting === "correction") {
      this.absorbConfirmation(text, expecting, before !== this.snapshot(), heard);
    } else {
      this.absorbReason(text, expecting, heard);
    }
    const wrappingUp = heard.outcome === "continue" && !heard.needsCorrection && !heard.corrected;
    if (latest && wrappingUp && isGoodbye(text)) heard.outcome = "goodbye";
  }

  private snapshot(): string {
    return JSON.stringify([this.name, this.reason, this.number]);
  }

  private absorbNumber(text: string, expecting: Prompt | undefined, heard: Heard, line: CallerLine): boolean {
    if (expecting === "areaCode" && this.number) {
      const areaCode = this.areaCodeFrom(text, heard);
      if (areaCode) return this.setNumber(areaCode + this.number, [...this.numberFrom, line]);
    }
    const expectingNumber = expecting === "number" || expecting === "callerIdOffer" || expecting === "areaCode";
    if ((expecting === "number" || expecting === "callerIdOffer") && namesCallerId(text) && this.meansCallerId(text)) {
      heard.callerIdNamed = true;
      if (isCallbackNumber(this.context.callerPhone)) return this.setNumber(this.context.callerPhone, []);
      heard.callerIdMissing = true;
      return false;
    }
    const partial = expectingNumber ? this.partialNumber : "";
    const read = continueNumber(partial, text, this.localTo());
    const continued = partial !== "" && read.partial.startsWith(partial);
    if (read.number) {
      const completed = partial !== "" && read.number.startsWith(partial);
      const number = withCallerIdAreaCode(read.number, this.localTo(), this.context.callerPhone);
      return this.setNumber(number, [...(completed ? this.partialNumberFrom : []), line]);
    }
    // Only new digits earn "go ahead with the rest"; otherwise the question is asked again, and counted.
    if (expectingNumber && read.partial !== this.partialNumber) heard.partialNumber = read.partial || undefined;
    if (expectingNumber) {
      this.partialNumber = read.partial;
      this.partialNumberFrom = read.partial === "" ? [] : [...(continued ? this.partialNumberFrom : []), line];
    }
    return false;
  }

  /**
   * With the caller ID named ("you have it", "same as I'm calling from"), digits said too are the
   * number ("this one, 555 222 3333"), unless they are how the caller ID starts, left off before a
   * number's length ("you have it, five five five…"). A lone "one" ("it's the same one") is no digits.
   */
  private meansCallerId(text: string): boolean {
    const said = extractDigitSequence(text);
    if (!said || digitCount(said) < 3) return true;
    if (digitCount(said) >= 7) return false;
    const callerId = this.context.callerPhone.replace(/\D/g, "");
    const national = areaCodeOf(this.context.callerPhone) ? callerId.slice(1) : callerId;
    return isCallbackNumber(this.context.callerPhone) && (national.startsWith(said) || callerId.startsWith(said));
  }

  /**
   * The area code for a number read out without one: said ("four one five"), or named: the caller
   * ID's ("same as the number I'm calling from") or the business's ("same as yours").
   */
  private areaCodeFrom(text: string, heard: Heard): string | undefined {
    const said = areaCodeIn(text);
    if (said) return said;
    if (digitCount(extractDigitSequence(text) ?? "") >= 3) return undefined;
    if (SAME_AREA_CODE_AS_YOURS.test(text)) return areaCodeOf(this.context.calledNumber);
    if (!namesCallerId(text)) return undefined;
    heard.callerIdNamed = true;
    const callerIds = areaCodeOf(this.context.callerPhone);
    if (!callerIds) heard.callerIdMissing = true;
    return callerIds;
  }

  /** Where the business is, for a number given without its country code. */
  private localTo(): string {
    return this.context.calledNumber || this.context.callerPhone;
  }

  /** `from`: the caller's lines the digits were said in (none for the caller ID). */
  private setNumber(digits: string, from: CallerLine[]): boolean {
    this.number = normalizePhoneNumber(digits, this.localTo());
    this.numberFrom = from;
    this.partialNumber = "";
    this.partialNumberFrom = [];
    if (this.redo === "number") this.redo = undefined;
    return true;
  }

  private absorbName(text: string, expecting: Prompt | undefined, heard: Heard): void {
    const name = extractName(text, { expectingName: expecting === "name" });
    if (!name) {
      if (expecting === "name") this.noNameGiven(text, heard);
      return;
    }
    if (this.redo === "name") this.redo = undefined;
    if (this.isCurrentName(name)) return;
    this.name = name;
    heard.nameLearned = true;
  }

  /** A caller who would rather not say is not asked again; one who asks why gets an answer. */
  private noNameGiven(text: string, heard: Heard): void {
    if (DECLINES.test(text) || parseYesNo(text) === "no") {
      heard.nameDeclined = true;
      this.asks.set("name", MAX_ASKS);
    } else if (text.trim().endsWith("?")) {
      heard.nameQuestioned = true;
    }
  }

  /** "Maria" from a caller we know as "Maria Lopez" is the same person, not a new name. */
  private isCurrentName(name: string): boolean {
    const current = this.name?.toLowerCase();
    return current !== undefined && (current === name.toLowerCase() || current.split(" ")[0] === name.toLowerCase());
  }

  private absorbCallerIdAnswer(text: string, heard: Heard): void {
    if (DECLINES.test(text)) {
      this.declineNumber(heard);
      return;
    }
    const answer = parseYesNo(text) ?? (OWNS_THE_NUMBER.test(text) ? "yes" : undefined);
    if (answer === "yes") this.setNumber(this.context.callerPhone, []);
    if (answer === "no") heard.callerIdDeclined = true;
    // "Why do you need it?": the answer, then the same offer again.
    if (!answer && text.trim().endsWith("?")) {
      heard.numberQuestioned = true;
      this.offeredCallerId = false;
    }
  }

  /**
   * Asked for a number, the caller gave none: one who has none or would rather not is not asked
   * again, one who asks why gets an answer. The caller ID named instead was taken in absorbNumber.
   */
  private noNumberGiven(text: string, heard: Heard): void {
    if (heard.callerIdMissing) return;
    if (DECLINES.test(text) || NO_NUMBER.test(text)) this.declineNumber(heard);
    else if (text.trim().endsWith("?")) heard.numberQuestioned = true;
  }

  private declineNumber(heard: Heard): void {
    heard.numberDeclined = true;
    this.offeredCallerId = true;
    this.partialNumber = "";
    this.partialNumberFrom = [];
    this.asks.set("number", MAX_ASKS);
  }

  private absorbConfirmation(text: string, expecting: "confirm" | "correction", changed: boolean, heard: Heard): void {
    if (changed) {
      heard.corrected = true;
      return;
    }
    const answer = parseYesNo(text);
    const target = correctionTarget(text);
    const restated = answer === "no" || expecting === "correction" ? this.restatedReason(text) : undefined;
    if (restated) {
      this.reason = restated;
      if (this.redo === "reason") this.redo = undefined;
      heard.corrected = true;
    } else if (target && (expecting === "correction" || answer === "no")) {
      this.redo = target;
    } else if (answer === "yes" || isGoodbye(text)) {
      heard.outcome = "confirmed";
      this.addDetail(extractReason(text));
    } else if (answer === "no" || expecting === "correction") {
      heard.needsCorrection = true;
    }
  }

  /** "No, I need to reschedule to next week": the caller gives the reason again, as it should be. */
  private restatedReason(text: string): string | undefined {
    const reason = extractReason(text);
    return reason && wordCount(reason) >= 3 && !ABOUT_THE_RECAP.test(reason) ? reason : undefined;
  }

  private absorbReason(text: string, expecting: Prompt | undefined, heard: Heard): void {
    const askedForNumber = expecting === "number" || expecting === "callerIdOffer" || expecting === "areaCode";
    const reason = extractReason(text, { expectingName: expecting === "name", expectingNumber: askedForNumber });
    // Words about the name or the number ("I'd rather not", "you already have it") are no message.
    const aboutADetail =
      heard.nameQuestioned ||
      heard.nameDeclined ||
      heard.numberQuestioned ||
      heard.numberDeclined ||
      heard.callerIdNamed;
    if (!reason || aboutADetail) return;
    if (this.redo === "reason" && expecting === "reason") {
      this.reason = reason;
      this.redo = undefined;
      heard.corrected = true;
    } else if (!this.hasReason()) {
      // Said in answer to another question, a reason has to be long enough not to be an aside.
      if (wordCount(reason) < (expecting === "reason" ? 1 : askedForNumber ? 3 : 2)) return;
      // "It's urgent" is kept for the owner, but what it is about is still to be asked.
      this.reason = this.reason ? joinSentences(this.reason, reason) : reason;
      if (!saysOnlyHowUrgent(reason)) heard.reasonLearned = true;
    } else if (expecting !== "areaCode" || wordCount(reason) >= 5) {
      // A few words in answer to "what's the area code?" ("I'm not sure of it") are about the number.
      this.addDetail(reason);
    }
  }

  /** Whether we know what the call is about: "it's urgent" alone does not say. */
  private hasReason(): boolean {
    return this.reason !== undefined && !saysOnlyHowUrgent(this.reason);
  }

  /** More detail ("it's really urgent", "Thursday works best") belongs in the message too. */
  private addDetail(detail: string | undefined): void {
    if (this.reason && detail && wordCount(detail) >= 3) this.reason = joinSentences(this.reason, detail);
  }

  private answer(heard: Heard, firstReply: boolean): ReplyEvent[] {
    const named: ReplyEvent[] = heard.nameLearned && this.name ? [{ type: "callerName", name: this.name }] : [];
    const hours = heard.hoursAsked ? this.hoursAnswer() : [];
    if (heard.outcome === "confirmed") {
      return [...named, ...this.finish("message taken", [...hours, this.thanksGoodbye()])];
    }
    if (heard.outcome === "goodbye") {
      return [...named, ...this.finish("caller said goodbye", [...hours, this.earlyGoodbye()])];
    }
    // The same rule Claude is given: an emergency, and the caller wants the owner now.
    if (heard.urgent && heard.wantsSomeone && this.context.canTransfer) return [...named, ...this.transfer()];
    if (heard.partialNumber) {
      this.prompt = "number";
      return [
        ...named,
        ...speak([
          ...hours,
          `I've got ${formatPhoneForSpeech(heard.partialNumber)} so far.`,
          "Go ahead with the rest.",
        ]),
      ];
    }
    // A caller who only asked about the hours is asked again what they were asked before.
    const keepingPlace = heard.hoursAsked?.setAside;
    const prompt = keepingPlace ?? this.nextPrompt(heard);
    if (prompt === "confirm" && !this.canAsk("confirm")) {
      return [...named, ...this.finish("message taken", [...hours, this.thanksGoodbye()])];
    }
    const opening = this.opening(heard, firstReply);
    if (opening.length === 0 && hours.length === 0 && prompt === this.redo) opening.push("Sure.");
    const offer = heard.hoursAsked ? this.messageOffer() : [];
    // Taking over from Claude, the caller's question comes first, and an offer of a message
    // stands in for the bridge to one.
    const sentences =
      firstReply && this.takingOver
        ? [...hours, ...(offer.length > 0 ? offer : opening), ...this.question(prompt)]
        : [...opening, ...hours, ...offer, ...this.question(prompt)];
    if (!keepingPlace) this.asks.set(prompt, (this.asks.get(prompt) ?? 0) + 1);
    if (prompt === "callerIdOffer") this.offeredCallerId = true;
    this.prompt = prompt;
    return [...named, ...speak(sentences)];
  }

  /** The hours as computed for this call, or the honest answer that we don't know them. */
  private hoursAnswer(): string[] {
    const hours = this.context.businessHours;
    return hours ? [hours.weekly, hours.now] : ["I'm sorry, I can't tell you our opening hours."];
  }

  /** After the hours, the offer of a message, unless the caller is already leaving one. */
  private messageOffer(): string[] {
    return this.hasReason() ? [] : [`I can take a message for ${this.context.ownerName}, if you'd like.`];
  }

  private nextPrompt(heard: Heard): Prompt {
    if (heard.needsCorrection && this.canAsk("correction")) return "correction";
    if (this.redo && this.canAsk(this.redo)) return this.redo;
    this.redo = undefined;
    if (this.number && lacksAreaCode(this.number, this.localTo()) && this.canAsk("areaCode")) return "areaCode";
    if (!this.name && this.canAsk("name")) return "name";
    if (!this.hasReason() && this.canAsk("reason")) return "reason";
    if (!this.number) {
      if (!this.offeredCallerId && isCallbackNumber(this.context.callerPhone) && this.canAsk("callerIdOffer"))
        return "callerIdOffer";
      if (this.canAsk("number")) return "number";
    }
    return "confirm";
  }

  private canAsk(prompt: Prompt): boolean {
    return (this.asks.get(prompt) ?? 0) < (prompt === "areaCode" ? MAX_AREA_CODE_ASKS : MAX_ASKS);
  }

  /** What comes before the question: a greeting, a bridge from Claude, or a short acknowledgement. */
  private opening(heard: Heard, firstReply: boolean): string[] {
    const owner = this.context.ownerName;
    if (firstReply && this.takingOver) return [`Let me make sure I get this right for ${owner}.`];
    const lines: string[] = [];
    // The welcome greeting already said hello by name; using it once more is enough.
    if (firstReply && this.context.knownCallerName && !heard.nameLearned) {
      lines.push(`Thanks, ${firstName(this.context.knownCallerName)}.`);
    }
    if (heard.corrected) lines.push(pick(["Thanks for catching that.", "Got it, I've fixed that."], this.replies));
    if (heard.nameQuestioned) lines.push(`It's just so ${owner} knows who called.`);
    if (heard.nameDeclined || heard.numberDeclined) lines.push("That's fine.");
    if (heard.numberQuestioned) lines.push(`It's just so ${owner} can call you back.`);
    if (heard.callerIdMissing) lines.push("I'm afraid your number didn't come through on my end.");
    // After an unanswered transfer the line that brought the caller back already said so.
    if (heard.wantsSomeone && !this.context.ownerUnavailable)
      lines.push(`${owner} can't come to the phone right now, but I can take a message.`);
    if (heard.nameLearned && this.name) {
      lines.push(
        pick([`Thanks, ${firstName(this.name)}.`, `Nice to meet you, ${firstName(this.name)}.`], this.replies),
      );
    }
    if (heard.reasonLearned && !heard.wantsSomeone) {
      lines.push(
        pick([`I can take a message for ${owner}.`, `Of course, I'll pass that on to ${owner}.`], this.replies),
      );
    }
    if (heard.callerIdDeclined || heard.needsCorrection) lines.push("No problem.");
    return lines;
  }

  private question(prompt: Prompt): string[] {
    const owner = this.context.ownerName;
    const repeating = this.prompt === prompt;
    switch (prompt) {
      case "name":
        if (this.redo === "name") return ["What name should I put down?"];
        if (repeating) return [`Who should I tell ${owner} called?`];
        return [pick(["May I have your name, please?", "Who am I speaking with?"], this.replies)];
      case "reason":
        if (this.redo === "reason") return [`What should I tell ${owner} the call is about?`];
        if (repeating) return [`What should I tell ${owner} it's about?`];
        return [pick([`What would you like me to pass on to ${owner}?`, "What's the call about?"], this.replies)];
      case "areaCode":
        return [`I've got ${formatPhoneForSpeech(this.number ?? "")}. What's the area code?`];
      case "callerIdOffer": {
        const still = this.context.knownCallerName ? "still " : "";
        return [`Is ${formatPhoneForSpeech(this.context.callerPhone)} ${still}the best number to reach you?`];
      }
      case "number": {
        if (this.redo === "number") return [`What number should ${owner} call you back on?`];
        // The last time of asking says how to leave no number, so no caller is stuck in the question.
        if ((this.asks.get("number") ?? 0) === MAX_ASKS - 1)
          return ["You can say the number, or type it on your keypad; or say skip if you'd rather not leave one."];
        if (repeating)
          return [`What's the best number for ${owner} to call you back on? You can also type it on your keypad.`];
        return ["What's the best number to reach you?"];
      }
      case "confirm":
        return [this.recap(), "Is that right?"];
      case "correction":
        return ["What should I fix: your name, the reason for your call, or the number?"];
    }
  }

  /** One sentence the caller can check: "So that's Maria, about …, and the best number is …". */
  private recap(): string {
    const topic = this.reason ? describeReason(this.reason, "you") : undefined;
    const calling = topic && (topic.startsWith("asking") ? `So you're ${topic}` : `So you're calling ${topic}`);
    const who = this.name ? `So that's ${this.name}${topic ? `, ${topic}` : ""}` : calling;
    if (!this.number) return `${who ?? `So you'd like ${this.context.ownerName} to get back to you`}.`;
    const number = `the best number is ${formatPhoneForSpeech(this.number)}`;
    return who ? `${who}, and ${number}.` : `So ${number}.`;
  }

  private thanksGoodbye(): string {
    const thanks = this.name ? `Thanks, ${firstName(this.name)}.` : "Thanks.";
    return `${thanks} I'll pass this on to ${this.context.ownerName}, who will get back to you soon. Goodbye!`;
  }

  private earlyGoodbye(): string {
    const okay = this.name ? `No problem, ${firstName(this.name)}.` : "No problem.";
    const owner = this.context.ownerName;
    const promise = this.reason ? `I'll pass your message on to ${owner}.` : `I'll let ${owner} know you called.`;
    return `${okay} ${promise} Goodbye!`;
  }

  /** Saves what we have, says goodbye and ends; a confirmed message is saved even without a reason. */
  private finish(endReason: string, goodbye: readonly string[]): ReplyEvent[] {
    this.endReason = endReason;
    const message = this.reason ?? (endReason === "message taken" ? "Please call me back." : undefined);
    return [...(message ? [this.messageEvent(message)] : []), ...speak(goodbye), { type: "end", reason: endReason }];
  }

  private transfer(): ReplyEvent[] {
    this.endReason = TRANSFERRED;
    return [
      ...speak([`That sounds urgent. Let me put you through to ${this.context.ownerName} now.`]),
      this.transferEvent(),
    ];
  }

  /** Put through with what the owner should hear first: who is calling and why, as far as we know. */
  private transferEvent(): ReplyEvent {
    const topic = this.reason ? describeReason(this.reason, "they") : "about something urgent";
    const briefing = `${this.name ?? "Someone"} is calling ${topic}.`;
    return { type: "transfer", reason: TRANSFER_REASON, briefing: briefing.slice(0, MAX_BRIEFING_LENGTH) };
  }

  private messageEvent(message: string): ReplyEvent {
    return {
      type: "takeMessage",
      message,
      ...(this.name ? { callerName: this.name } : {}),
      ...(this.number ? { callbackNumber: this.number } : {}),
    };
  }

  /** The caller spoke over our goodbye: anything new still reaches the owner, then we end again. */
  private afterGoodbye(history: readonly TranscriptLine[]): ReplyEvent[] {
    // Being put through to the owner: whatever the caller says now, that stands.
    if (this.endReason === TRANSFERRED) return [...speak(["Putting you through now."]), this.transferEvent()];
    const said = history.findLast((entry) => entry.role === "CALLER")?.text ?? "";
    const extra = isGoodbye(said) ? undefined : extractReason(said);
    const end: ReplyEvent = { type: "end", reason: this.endReason ?? "message taken" };
    if (!extra || wordCount(extra) < 3) return [...speak(["Goodbye!"]), end];
    const owner = this.context.ownerName;
    return [this.messageEvent(extra), ...speak([`Got it, I'll add that for ${owner}. Goodbye!`]), end];
  }
}

export function createOfflineAgent(context: CallContext, options: { takingOver: boolean }): CallAgent {
  return new OfflineSecretary(context, options.takingOver);
}
