import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { asksForSomeone } from "../src/spoken/asking-for-someone.js";
import { isGoodbye } from "../src/spoken/goodbye.js";
import { asksAboutHours, withoutHoursQuestions } from "../src/spoken/hours-question.js";
import { extractName, firstName } from "../src/spoken/names.js";
import {
  continueNumber,
  extractPhoneNumber,
  formatPhoneForSpeech,
  isCallbackNumber,
  normalizePhoneNumber,
} from "../src/spoken/phone-numbers.js";
import { extractReason } from "../src/spoken/reason.js";
import { describeReason, shiftPerson } from "../src/spoken/retelling.js";
import { soundsLikeSpam } from "../src/spoken/spam.js";
import { saysOnlyHowUrgent, urgencyOf } from "../src/spoken/urgency.js";
import { askedFor } from "../src/spoken/what-was-asked.js";
import { parseYesNo } from "../src/spoken/yes-no.js";

describe("extractName", () => {
  const cases: [string, string | undefined][] = [
    ["Hi, this is Maria Lopez, I need to reschedule my appointment", "Maria Lopez"],
    ["my name is john smith", "John Smith"],
    ["Hey, it's Maria again.", "Maria"],
    ["Hi, I'm Tom and my basement is flooding", "Tom"],
    ["Dave here, calling about the invoice.", "Dave"],
    ["This is Dr. Patel from Acme.", "Dr. Patel"],
    ["The name's O'Brien.", "O'Brien"],
    ["I'm calling about my bill", undefined],
    ["I'm good, thanks, how are you?", undefined],
    ["It's about my furnace.", undefined],
    ["This is urgent, my pipe burst", undefined],
    ["Just call me whenever", undefined],
    ["Everyone here is sick", undefined],
    ["Keypad: 5551234", undefined],
  ];
  for (const [said, name] of cases) {
    test(JSON.stringify(said), () => assert.equal(extractName(said), name));
  }

  test("takes a bare answer only when we just asked for the name", () => {
    assert.equal(extractName("maria lopez", { expectingName: true }), "Maria Lopez");
    assert.equal(extractName("Sure, Maria Lopez, thanks.", { expectingName: true }), "Maria Lopez");
    assert.equal(extractName("Maria Lopez"), undefined);
    assert.equal(extractName("Why do you need that?", { expectingName: true }), undefined);
    assert.equal(extractName("No.", { expectingName: true }), undefined);
    assert.equal(extractName("Actually, never mind. Bye.", { expectingName: true }), undefined);
  });
});

describe("firstName", () => {
  const cases: [string, string][] = [
    ["Maria Lopez", "Maria"],
    ["Maria", "Maria"],
    ["  maria   lopez ", "maria"],
    ["Dr. Smith", "Dr. Smith"],
    ["Dr Smith", "Dr Smith"],
    ["Doctor Smith", "Doctor Smith"],
    ["Mrs. Maria Lopez", "Mrs. Lopez"],
    ["Ms Lopez", "Ms Lopez"],
    ["J. Smith", "J. Smith"],
  ];
  for (const [name, calledBy] of cases) {
    test(JSON.stringify(name), () => assert.equal(firstName(name), calledBy));
  }
});

describe("extractPhoneNumber", () => {
  const cases: [string, string | undefined][] = [
    ["It's 555-123-4567.", "5551234567"],
    ["(555) 123-4567, that's my cell", "5551234567"],
    ["You can reach me at 555.123.4567", "5551234567"],
    ["five five five one two three four five six seven", "5551234567"],
    ["five five five, one two oh, three four five six", "5551203456"],
    ["double five five, one two three, forty-five sixty-seven", "5551234567"],
    ["one eight hundred five five five one two one two", "18005551212"],
    ["plus four four seven nine four six, oh nine five eight oh oh", "+447946095800"],
    ["Keypad: 5551234#", "5551234"],
    ["555 123 4567. Oh, and thanks", "5551234567"],
    ["Oh, five five five, one two three, four five six seven", "5551234567"],
    ["I'll be there on the 15th at 3:30", undefined],
    ["My address is 1234 Oak Street", undefined],
    ["I need one new tap", undefined],
  ];
  for (const [said, number] of cases) {
    test(JSON.stringify(said), () => assert.equal(extractPhoneNumber(said), number));
  }
});

describe("continueNumber", () => {
  test("joins a number read out over several turns", () => {
    const start = continueNumber("", "It's five five five", "+15559990000");
    assert.deepEqual(start, { number: undefined, partial: "555" });
    assert.deepEqual(continueNumber(start.partial, "um, hold on", "+15559990000"), {
      number: undefined,
      partial: "555",
    });
    assert.deepEqual(continueNumber(start.partial, "eight six seven five three oh nine", "+15559990000"), {
      number: "5558675309",
      partial: "",
    });
  });

  test("starts over when the caller repeats the whole number", () => {
    assert.deepEqual(continueNumber("555", "555 867 5309", "+15559990000"), { number: "5558675309", partial: "" });
  });
});

describe("phone numbers for people", () => {
  test("reads a number the way it is said", () => {
    assert.equal(formatPhoneForSpeech("+15551234567"), "555 123 4567");
    assert.equal(formatPhoneForSpeech("5551234"), "555 1234");
    assert.equal(formatPhoneForSpeech("+447946095800"), "+447 946 095 800");
  });

  test("makes local numbers dialable where the country is known", () => {
    assert.equal(normalizePhoneNumber("5559876543", "+15551234567"), "+15559876543");
    assert.equal(normalizePhoneNumber("15559876543", "+15551234567"), "+15559876543");
    assert.equal(normalizePhoneNumber("+447946095800", "+15551234567"), "+447946095800");
    assert.equal(normalizePhoneNumber("07946095800", "+447700900123"), "07946095800");
  });

  test("reads a number as written, with the separators people type", () => {
    assert.equal(normalizePhoneNumber("+1 (555) 123-4567", "+1"), "+15551234567");
    assert.equal(normalizePhoneNumber("555-123-4567", "+1"), "+15551234567");
    assert.equal(normalizePhoneNumber(" 1 555.123.4567 ", "+1"), "+15551234567");
    assert.equal(normalizePhoneNumber("+44 7946 095800", "+1"), "+447946095800");
  });

  test("leaves a number whose country is not clear as given, rather than guess", () => {
    assert.equal(normalizePhoneNumber("555-1234", "+15551234567"), "5551234");
    assert.equal(normalizePhoneNumber("07946 095800", "+1"), "07946095800");
    assert.equal(normalizePhoneNumber("anonymous", "+1"), "anonymous");
  });

  test("does not offer a withheld caller ID as a callback number", () => {
    assert.equal(isCallbackNumber("+15551234567"), true);
    assert.equal(isCallbackNumber("+266696687"), false);
    assert.equal(isCallbackNumber("anonymous"), false);
    assert.equal(isCallbackNumber(""), false);
  });
});

describe("parseYesNo", () => {
  const cases: [string, "yes" | "no" | undefined][] = [
    ["Yes, that's right.", "yes"],
    ["Yeah", "yes"],
    ["Mm-hmm.", "yes"],
    ["That's correct", "yes"],
    ["Sure, that works", "yes"],
    ["No.", "no"],
    ["Nope, that's wrong", "no"],
    ["That's not right", "no"],
    ["I don't think so", "no"],
    ["That's my cell", undefined],
    ["Keypad: 1", undefined],
  ];
  for (const [said, answer] of cases) {
    test(JSON.stringify(said), () => assert.equal(parseYesNo(said), answer));
  }
});

describe("isGoodbye", () => {
  test("hears a caller wrapping up", () => {
    for (const said of [
      "Okay, bye!",
      "That's all, thanks.",
      "Never mind, I'll call back later.",
      "Goodbye",
      "I have to go",
    ]) {
      assert.equal(isGoodbye(said), true, said);
    }
  });

  test("does not end the call on ordinary words", () => {
    for (const said of ["Can he call me back?", "I need to reschedule", "Yes, that's right"]) {
      assert.equal(isGoodbye(said), false, said);
    }
  });
});

describe("extractReason", () => {
  const cases: [string, string | undefined][] = [
    ["Hi, this is Maria Lopez, I need to reschedule my appointment.", "I need to reschedule my appointment."],
    ["Hi this is Maria and I need to reschedule", "I need to reschedule"],
    ["Hi there, how are you? My basement is flooding.", "My basement is flooding."],
    ["Yeah, my number is 555 123 4567, and I need a quote for a new roof", "I need a quote for a new roof"],
    ["Can I talk to Sam about my invoice?", "About my invoice?"],
    ["Hi, it's Maria again", undefined],
    ["Is Sam there?", undefined],
    ["That's all, thanks", undefined],
    ["Keypad: 5551234", undefined],
    // The caller's words are kept as said, urgency included: the owner reads them.
    ["It's an emergency, my basement is flooding.", "It's an emergency, my basement is flooding."],
    ["I need to reschedule to next week.", "I need to reschedule to next week."],
    // Talk about the number, yes/no answers and holding on are not reasons.
    ["Hi, this is Lee, 555 987 6543, that's my number.", undefined],
    ["Yes that's my number", undefined],
    ["That's your number", undefined],
    ["Yeah, that's my cell.", undefined],
    ["Call me on my mobile instead", undefined],
    ["The one I'm calling from", undefined],
    ["Yes, that works for me", undefined],
    ["No, that's not right", undefined],
    ["Hang on, let me just grab my phone.", undefined],
    ["Give me a second", undefined],
    // … but a reason that mentions a phone still is one.
    ["My phone is broken, please email me", "My phone is broken, please email me"],
    ["Can you call me back?", "Can you call me back?"],
  ];
  for (const [said, reason] of cases) {
    test(JSON.stringify(said), () => assert.equal(extractReason(said), reason));
  }

  test("leaves out the pieces of a number when the caller was asked for it", () => {
    assert.equal(extractReason("Sure, it's five five five", { expectingNumber: true }), undefined);
    assert.equal(
      extractReason("It's 555 987 6543. I need to reschedule to next week.", { expectingNumber: true }),
      "I need to reschedule to next week.",
    );
    assert.equal(extractReason("I'm in unit 305", {}), "I'm in unit 305");
  });

  test("leaves out a bare name given as an answer", () => {
    assert.equal(extractReason("Maria Lopez, and it's really urgent", { expectingName: true }), "It's really urgent");
  });
});

describe("describeReason", () => {
  const cases: [string, string, string][] = [
    [
      "I need to reschedule my appointment.",
      "about rescheduling your appointment",
      "about rescheduling their appointment",
    ],
    ["I'm calling about my invoice", "about your invoice", "about their invoice"],
    ["I'd like to book a cleaning", "about booking a cleaning", "about booking a cleaning"],
    ["I'm calling to get a quote", "about getting a quote", "about getting a quote"],
    ["I have a quick question about my bill", "with a question about your bill", "with a question about their bill"],
    [
      "My basement is flooding. Water everywhere.",
      "because your basement is flooding",
      "because their basement is flooding",
    ],
    ["Can you call me back?", "asking: can we call you back", "asking: can you call them back"],
    [
      "Tell Sam the parts came in",
      "with the message: tell Sam the parts came in",
      "with the message: tell Sam the parts came in",
    ],
    ["A quote for a new roof", "about a quote for a new roof", "about a quote for a new roof"],
    // Urgency is not the reason, and leaves no capital mid-sentence.
    [
      "It's an emergency, my basement is flooding.",
      "because your basement is flooding",
      "because their basement is flooding",
    ],
    ["This is urgent: my pipe burst.", "because your pipe burst", "because their pipe burst"],
    ["It's urgent because my pipe burst", "because your pipe burst", "because their pipe burst"],
    [
      "It's really urgent. The boiler in my flat stopped working.",
      "because the boiler in your flat stopped working",
      "because the boiler in their flat stopped working",
    ],
    [
      "My basement is flooding, it's an emergency!",
      "because your basement is flooding",
      "because their basement is flooding",
    ],
    ["It's urgent.", "about something urgent", "about something urgent"],
    ["It's an emergency!", "about something urgent", "about something urgent"],
    // A subject and a verb are a clause: "because …", not "about …".
    [
      "The boiler in my flat stopped working.",
      "because the boiler in your flat stopped working",
      "because the boiler in their flat stopped working",
    ],
    [
      "The tap in our kitchen keeps dripping",
      "because the tap in your kitchen keeps dripping",
      "because the tap in their kitchen keeps dripping",
    ],
    ["Dr. Reyes told me to call", "because Dr. Reyes told you to call", "because Dr. Reyes told them to call"],
    // The rest is kept whole: "to next week" is part of what they want.
    ["I need to reschedule to next week.", "about rescheduling to next week", "about rescheduling to next week"],
    // Possessives and contractions.
    [
      "I've got no heat and my kids are cold",
      "because you've got no heat and your kids are cold",
      "because they've got no heat and their kids are cold",
    ],
    [
      "I'm locked out of our flat",
      "because you're locked out of your flat",
      "because they're locked out of their flat",
    ],
    ["Can you send us a quote?", "asking: can we send you a quote", "asking: can you send them a quote"],
    // Capitals: a common first word loses its capital mid-sentence, a name or a day keeps it.
    ["Leaking pipe in the kitchen", "about leaking pipe in the kitchen", "about leaking pipe in the kitchen"],
    [
      "Water everywhere, the water is rising",
      "about water everywhere, the water is rising",
      "about water everywhere, the water is rising",
    ],
    [
      "There's water coming through the ceiling",
      "because there's water coming through the ceiling",
      "because there's water coming through the ceiling",
    ],
    ["Thursday works best", "because Thursday works best", "because Thursday works best"],
    ["Sam said to call", "because Sam said to call", "because Sam said to call"],
  ];
  for (const [reason, toCaller, forOwner] of cases) {
    test(JSON.stringify(reason), () => {
      assert.equal(describeReason(reason, "you"), toCaller);
      assert.equal(describeReason(reason, "they"), forOwner);
    });
  }

  test("shiftPerson retells first person", () => {
    assert.equal(shiftPerson("I'm worried my heater is broken", "you"), "you're worried your heater is broken");
    assert.equal(shiftPerson("I'm worried my heater is broken", "they"), "they're worried their heater is broken");
    assert.equal(shiftPerson("I need you to fix it", "you"), "you need us to fix it");
  });

  describe("shiftPerson: possessives and contractions", () => {
    const shifts: [string, string, string][] = [
      ["the boiler in my flat", "the boiler in your flat", "the boiler in their flat"],
      ["My boiler", "your boiler", "their boiler"],
      ["our office", "your office", "their office"],
      ["I'm", "you're", "they're"],
      ["I've", "you've", "they've"],
      ["I'd", "you'd", "they'd"],
      ["I'll", "you'll", "they'll"],
      ["I was", "you were", "they were"],
      ["we've", "you've", "they've"],
      ["it's mine", "it's yours", "it's theirs"],
      ["call me", "call you", "call them"],
      ["send us", "send you", "send them"],
      ["I’m out", "you're out", "they're out"],
    ];
    for (const [said, toCaller, forOwner] of shifts) {
      test(JSON.stringify(said), () => {
        assert.equal(shiftPerson(said, "you"), toCaller);
        assert.equal(shiftPerson(said, "they"), forOwner);
      });
    }
  });
});

describe("reading the conversation", () => {
  test("askedFor tells what a question was after", () => {
    assert.equal(askedFor("May I have your name, please?"), "name");
    assert.equal(askedFor("Is 555 123 4567 the best number to reach you?"), "number");
    assert.equal(askedFor("Hello, you've reached Acme. How can I help you today?"), "reason");
    assert.equal(askedFor("What day works better for you?"), undefined);
    assert.equal(askedFor("You've reached Acme. May I ask who's calling and what it's about?"), "name");
    assert.equal(askedFor("Who am I speaking with?"), "name");
  });

  test("asksForSomeone hears a caller asking for a person", () => {
    assert.equal(asksForSomeone("Hi, is Sam there?"), true);
    assert.equal(asksForSomeone("Can I speak to the owner?"), true);
    assert.equal(asksForSomeone("My pipe is leaking in the kitchen"), false);
  });
});

describe("saysOnlyHowUrgent", () => {
  const cases: [string, boolean][] = [
    ["It's an emergency", true],
    ["It's an emergency!", true],
    ["this is really urgent, please", true],
    ["It's kind of urgent.", true],
    ["We've got an emergency here", true],
    ["Urgent!", true],
    ["It's an emergency, my basement is flooding", false],
    ["My basement is flooding", false],
    ["It's not urgent", false],
    ["An emergency plumber", false],
    ["", false],
  ];
  for (const [said, onlyUrgency] of cases) {
    test(JSON.stringify(said), () => assert.equal(saysOnlyHowUrgent(said), onlyUrgency));
  }
});

describe("urgencyOf", () => {
  test("hears an emergency, a deadline, or no rush", () => {
    assert.equal(urgencyOf("There's a leak under the sink"), "URGENT");
    assert.equal(urgencyOf("It's not urgent, whenever he can"), "LOW");
    assert.equal(urgencyOf("Could he call me back today?"), "HIGH");
    assert.equal(urgencyOf("Thanks, talk to you soon"), "NORMAL");
  });
});

describe("asksAboutHours", () => {
  const cases: [string, boolean][] = [
    ["Are you open?", true],
    ["What time do you close?", true],
    ["When do you open?", true],
    ["What are your hours?", true],
    ["Are you open on Saturday?", true],
    ["Open tomorrow?", true],
    ["Still open?", true],
    ["Are you guys still open?", true],
    ["what time do you guys close tonight", true],
    ["When's the office open?", true],
    ["How late are you open today?", true],
    ["Until what time are you open?", true],
    ["What days are you open?", true],
    ["Will you be open tomorrow?", true],
    ["Do you open on Sundays?", true],
    ["Are you closing early today?", true],
    ["Is the office closed on Good Friday?", true],
    ["What are your opening hours?", true],
    ["Can you tell me your hours, please?", true],
    ["I was wondering what time you close.", true],
    ["Do you know if you're open on Saturday?", true],
    ["Hi, this is Lee, are you open tomorrow?", true],
    // Open and closed in other senses, or not a question.
    ["I'm open to any time", false],
    ["The door was open", false],
    ["I'll call back when you're open", false],
    ["When you're open tomorrow, can someone look at my boiler?", false],
    ["Are you open to offers?", false],
    ["Can you open the gate for the plumber?", false],
    ["When do you close the ticket?", false],
    ["Are you closing my account?", false],
    ["When I opened the door the water came out", false],
    ["Is the leak still open?", false],
    ["Is it open?", false],
    ["The shop across the road is closed", false],
    ["How many hours will the job take?", false],
    ["My office hours are nine to five", false],
    ["I work long hours", false],
    ["open tomorrow", false],
  ];
  for (const [said, asks] of cases) {
    test(JSON.stringify(said), () => assert.equal(asksAboutHours(said), asks));
  }

  test("the rest of the line stays, without the question and what led in to it", () => {
    assert.equal(withoutHoursQuestions("Hi, this is Lee, are you open tomorrow?"), "Hi, this is Lee,");
    assert.equal(withoutHoursQuestions("Oh, wait, I was wondering, are you open on Saturday?"), "");
    assert.equal(withoutHoursQuestions("Yes. Oh, and what time do you close on Friday?"), "Yes.");
    assert.equal(
      withoutHoursQuestions("What time do you close? I need to reschedule to next week."),
      "I need to reschedule to next week.",
    );
    assert.equal(withoutHoursQuestions("I need a plumber"), "I need a plumber");
  });
});

describe("soundsLikeSpam", () => {
  test("hears pitches, scams and recorded messages", () => {
    for (const said of [
      "We've been trying to reach you about your car's extended warranty.",
      "Hi, I'm calling to verify your Google business listing before it's suspended.",
      "This is a recorded message. Press 1 to speak with a representative.",
      "Congratulations, you've been selected for a free cruise!",
      "We can lower your interest rate today.",
    ])
      assert.equal(soundsLikeSpam(said), true, said);
  });

  test("not a customer who mentions a warranty, Google or a button", () => {
    for (const said of [
      "Is my crown still under warranty?",
      "I found you on Google, do you take new patients?",
      "I pressed one by mistake, sorry. I'd like to book a cleaning.",
      "You were recommended to me by a friend.",
    ])
      assert.equal(soundsLikeSpam(said), false, said);
  });
});
