import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.js";

builder.queryFields((t) => ({
  callerData: t.field({
    type: "JSON",
    description:
      "Everything stored about one number, for a caller's access request, as one JSON document: the caller record, the owner's rule for the number, every call with its turns, action items, notes and missed-call text, and the knowledge-base questions they left (field names in the README, section Privacy). The number in any format; BAD_USER_INPUT (field `phone`) if it is not one. Logged: who asked and when, not the number in full.",
    args: { phone: t.arg.string({ required: true }) },
    resolve: async (_parent, args, context) => {
      const document = await context.callerData.export(args.phone, context.actor);
      // Calls by the IDs the rest of the API knows them by.
      return {
        ...document,
        calls: document.calls.map((call) => ({ ...call, callId: encodeGlobalID("Call", call.callId) })),
      };
    },
  }),
}));

builder.relayMutationField(
  "eraseCaller",
  {
    inputFields: (t) => ({
      phone: t.string({ required: true, description: "The number, in any format (see `setCallerRule`)." }),
    }),
  },
  {
    description:
      "Erases everything stored about one number (a caller's right to erasure): each of their calls as `deleteCall` does (each announced on `callDeleted`), their caller record and the owner's rule for them; the knowledge-base questions they asked stay, without their number. BAD_USER_INPUT (field `phone`) if it is not a number. Logged: who and when, not the number in full.",
    resolve: async (_parent, { input }, context) => ({
      erasedCallCount: await context.callerData.erase(input.phone, context.actor),
    }),
  },
  {
    outputFields: (t) => ({
      erasedCallCount: t.int({
        description: "How many calls were erased.",
        resolve: (payload) => payload.erasedCallCount,
      }),
    }),
  },
);
