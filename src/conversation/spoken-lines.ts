import { firstName } from "../spoken/names.js";

/**
 * The lines the secretary says on its own, not in Claude's words, in the call's language: the
 * greetings, the holding line, the re-prompts and the goodbyes. One table, so that a language is
 * added in one place; a language it does not have is spoken in English.
 */
export interface SpokenLines {
  /** The first words of a call (see welcomeGreeting). */
  greeting(businessName: string, name: string | undefined, call: GreetingCase): string;
  /** Filler while a reply is late. */
  holdLine: string;
  /** The caller has said nothing for a while after the secretary's turn. */
  stillThere: string;
  /** Two re-prompts went unanswered. */
  noAnswerGoodbye: string;
  /** The call reached the owner's limit on its length. */
  timeLimitGoodbye(ownerName: string): string;
  /** What is said when the agent's reply had no words: it puts the caller through, ends the call, or listens. */
  puttingThrough(ownerName: string): string;
  goodbye: string;
  goAhead: string;
  /** Greetings of a session that takes a call up again: after a hold, after the line dropped. */
  resumed: string;
  reconnected: string;
  ownerUnavailable(ownerName: string): string;
  /** Not spoken but texted: the text-back to a caller who hung up before saying anything. */
  missedCallText(businessName: string): string;
}

/**
 * What the greeting must say. Outside opening hours it says so at once, so that nobody explains
 * their problem and only then learns that nobody is in. A caller whose number the carrier could
 * not verify is screened: asked who is calling and why, with nothing that invites a pitch.
 */
export interface GreetingCase {
  afterHours: boolean;
  screening: boolean;
  /**
   * The call's audio is recorded (`recordCalls`). Either way the greeting says what is kept: the
   * words, always (the transcript); the voice too, only when it is recorded.
   */
  recorded: boolean;
}

/** A greeting from its parts, in the order every language here says them. */
function greetingOf(
  opening: string,
  call: GreetingCase,
  parts: { closed: string; transcribed: string; recorded: string; screen: string; help: string },
): string {
  const kept = call.recorded ? parts.recorded : parts.transcribed;
  return [opening, call.afterHours && parts.closed, kept, call.screening ? parts.screen : parts.help]
    .filter(Boolean)
    .join(" ");
}

const english: SpokenLines = {
  greeting: (businessName, name, call) =>
    greetingOf(`${name ? `Hello ${name}, you've reached` : "Hello, you've reached"} ${businessName}.`, call, {
      closed: "We're closed right now, but I can take a message.",
      transcribed: "This call is transcribed.",
      recorded: "This call is recorded and transcribed.",
      screen: "May I ask who's calling and what it's about?",
      help: "How can I help you today?",
    }),
  holdLine: "One moment.",
  stillThere: "Are you still there?",
  noAnswerGoodbye: "I can't hear anything, so I'll end the call now. Please call back anytime. Goodbye!",
  timeLimitGoodbye: (ownerName) =>
    `I'm sorry, this call has reached its time limit, so I need to end it here. Everything you've told me is saved for ${ownerName}. Goodbye!`,
  puttingThrough: (ownerName) => `Let me put you through to ${ownerName} now.`,
  goodbye: "Thank you for calling. Goodbye!",
  goAhead: "Sorry, go ahead.",
  resumed: "Thanks for holding, I'm back. Please go on.",
  reconnected: "Sorry about that, the line cut out for a moment. I'm still here, please go on.",
  ownerUnavailable: (ownerName) =>
    `I'm sorry, ${ownerName} isn't available right now. I'll take a message and make sure they get it. What would you like me to pass on?`,
  missedCallText: (businessName) => `Sorry we missed you at ${businessName}. Reply here or call back anytime.`,
};

const spanish: SpokenLines = {
  greeting: (businessName, name, call) =>
    greetingOf(`${name ? `Hola ${name}, ha llamado a` : "Hola, ha llamado a"} ${businessName}.`, call, {
      closed: "Ahora mismo estamos cerrados, pero puedo tomar un mensaje.",
      transcribed: "Esta llamada se transcribe.",
      recorded: "Esta llamada se graba y se transcribe.",
      screen: "¿Puedo preguntarle quién llama y por qué motivo?",
      help: "¿En qué puedo ayudarle?",
    }),
  holdLine: "Un momento.",
  stillThere: "¿Sigue ahí?",
  noAnswerGoodbye: "No le oigo, así que voy a terminar la llamada. Puede volver a llamar cuando quiera. ¡Adiós!",
  timeLimitGoodbye: (ownerName) =>
    `Lo siento, esta llamada ha llegado a su tiempo máximo y tengo que terminarla aquí. Todo lo que me ha dicho queda guardado para ${ownerName}. ¡Adiós!`,
  puttingThrough: (ownerName) => `Le paso con ${ownerName} ahora mismo.`,
  goodbye: "Gracias por llamar. ¡Adiós!",
  goAhead: "Perdone, continúe.",
  resumed: "Gracias por esperar, ya estoy de vuelta. Continúe, por favor.",
  reconnected: "Disculpe, la línea se ha cortado un momento. Sigo aquí, continúe, por favor.",
  ownerUnavailable: (ownerName) =>
    `Lo siento, ${ownerName} no está disponible en este momento. Tomaré un mensaje y me aseguraré de que lo reciba. ¿Qué quiere que le diga?`,
  missedCallText: (businessName) =>
    `Sentimos no haber podido atenderle en ${businessName}. Responda a este mensaje o vuelva a llamar cuando quiera.`,
};

const french: SpokenLines = {
  greeting: (businessName, name, call) =>
    greetingOf(
      `${name ? `Bonjour ${name}, vous êtes bien chez` : "Bonjour, vous êtes bien chez"} ${businessName}.`,
      call,
      {
        closed: "Nous sommes fermés pour le moment, mais je peux prendre un message.",
        transcribed: "Cet appel est transcrit.",
        recorded: "Cet appel est enregistré et transcrit.",
        screen: "Puis-je vous demander qui est à l'appareil et à quel sujet ?",
        help: "Que puis-je faire pour vous ?",
      },
    ),
  holdLine: "Un instant.",
  stillThere: "Vous êtes toujours là ?",
  noAnswerGoodbye: "Je ne vous entends plus, je vais donc raccrocher. N'hésitez pas à rappeler. Au revoir !",
  timeLimitGoodbye: (ownerName) =>
    `Toutes mes excuses, cet appel a atteint sa durée maximale et je dois y mettre fin. Tout ce que vous m'avez dit est noté pour ${ownerName}. Au revoir !`,
  puttingThrough: (ownerName) => `Je vous passe ${ownerName} tout de suite.`,
  goodbye: "Merci de votre appel. Au revoir !",
  goAhead: "Pardon, je vous écoute.",
  resumed: "Merci de votre patience, je suis de retour. Je vous écoute.",
  reconnected: "Excusez-moi, la ligne a été coupée un instant. Je suis toujours là, je vous écoute.",
  ownerUnavailable: (ownerName) =>
    `Malheureusement, ${ownerName} n'est pas disponible pour le moment. Je prends un message et je m'assure qu'il soit transmis. Que souhaitez-vous faire passer ?`,
  missedCallText: (businessName) =>
    `Désolés d'avoir manqué votre appel chez ${businessName}. Répondez à ce message ou rappelez-nous quand vous voulez.`,
};

const german: SpokenLines = {
  greeting: (businessName, name, call) =>
    greetingOf(
      `${name ? `Hallo ${name}, Sie sind verbunden mit` : "Guten Tag, Sie sind verbunden mit"} ${businessName}.`,
      call,
      {
        closed: "Wir haben gerade geschlossen, aber ich nehme gerne eine Nachricht auf.",
        transcribed: "Dieses Gespräch wird mitgeschrieben.",
        recorded: "Dieses Gespräch wird aufgezeichnet und mitgeschrieben.",
        screen: "Darf ich fragen, wer spricht und worum es geht?",
        help: "Wie kann ich Ihnen helfen?",
      },
    ),
  holdLine: "Einen Moment bitte.",
  stillThere: "Sind Sie noch da?",
  noAnswerGoodbye:
    "Ich höre nichts mehr, deshalb beende ich jetzt das Gespräch. Rufen Sie gerne jederzeit wieder an. Auf Wiederhören!",
  timeLimitGoodbye: (ownerName) =>
    `Es tut mir leid, dieses Gespräch hat seine Höchstdauer erreicht, deshalb muss ich es hier beenden. Alles, was Sie mir gesagt haben, ist für ${ownerName} gespeichert. Auf Wiederhören!`,
  puttingThrough: (ownerName) => `Ich verbinde Sie jetzt mit ${ownerName}.`,
  goodbye: "Vielen Dank für Ihren Anruf. Auf Wiederhören!",
  goAhead: "Entschuldigung, bitte sprechen Sie weiter.",
  resumed: "Danke fürs Warten, ich bin wieder da. Bitte sprechen Sie weiter.",
  reconnected: "Entschuldigung, die Verbindung war kurz unterbrochen. Ich bin noch da, bitte sprechen Sie weiter.",
  ownerUnavailable: (ownerName) =>
    `Es tut mir leid, ${ownerName} ist gerade nicht erreichbar. Ich nehme gerne eine Nachricht auf und sorge dafür, dass sie ankommt. Was soll ich ausrichten?`,
  missedCallText: (businessName) =>
    `Entschuldigung, wir haben Ihren Anruf bei ${businessName} verpasst. Antworten Sie einfach hier oder rufen Sie jederzeit zurück.`,
};

const byLanguage: Record<string, SpokenLines> = { en: english, es: spanish, fr: french, de: german };

/** The lines for a BCP-47 language ("es-MX" speaks the Spanish ones); English for one not in the table. */
export function spokenLines(language: string): SpokenLines {
  return byLanguage[language.split("-")[0]?.toLowerCase() ?? ""] ?? english;
}

/** The greeting as the call connects; a returning caller (`name`) is greeted by their first name. */
export function welcomeGreeting(
  settings: { businessName: string; voice: { language: string }; recordCalls: boolean },
  call: Partial<Omit<GreetingCase, "recorded">> & { name?: string | undefined },
): string {
  const name = call.name ? firstName(call.name) : undefined;
  return spokenLines(settings.voice.language).greeting(settings.businessName, name, {
    afterHours: call.afterHours ?? false,
    screening: call.screening ?? false,
    recorded: settings.recordCalls,
  });
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", languageDisplay: "standard" });

/** A language's name in English, for Claude's instructions: "es-MX" is "Spanish (Mexico)". */
export function languageName(language: string): string {
  try {
    return languageNames.of(language) ?? language;
  } catch {
    return language;
  }
}
