import { z } from "zod";

export const urgencyLevels = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;

/** What the post-call analysis produces, whoever writes it (Claude or the offline analyser). */
export const callAnalysisSchema = z.object({
  summary: z.string().trim().min(1),
  intent: z.string().trim().min(1),
  urgency: z.enum(urgencyLevels),
  callerName: z.string().trim().min(1).nullable(),
  actionItems: z.array(z.string().trim().min(1)),
});
export type CallAnalysis = z.infer<typeof callAnalysisSchema>;
