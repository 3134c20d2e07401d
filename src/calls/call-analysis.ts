import { Urgency } from "@prisma/client";
import { z } from "zod";

/** What the post-call analysis produces, whoever writes it (Claude or the offline analyser). */
export const callAnalysisSchema = z.object({
  summary: z.string().trim().min(1),
  intent: z.string().trim().min(1),
  urgency: z.enum(Urgency),
  callerName: z.string().trim().min(1).nullable(),
  actionItems: z.array(z.string().trim().min(1)),
  /** A sales pitch, a scam or a robocall. Missing reads as not spam: a real call is never hidden for a model's omission. */
  spam: z.boolean().default(false),
});
export type CallAnalysis = z.infer<typeof callAnalysisSchema>;
