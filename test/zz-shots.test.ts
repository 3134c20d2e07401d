import { test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { DESKTOP, launchBrowser, PHONE, signedIn } from "./support/browser.js";
import { startSecretary } from "./support/secretary.js";

const OUT = "src/dashboard/screenshots";
test("screenshots", async () => {
  const s = await startSecretary({ env: { OWNER_PHONE: "+15550001111" } });
  const b = await launchBrowser();
  const analyses: [string, Record<string, unknown>][] = [
    ["kitchen tap", { summary: "Priya's kitchen tap is leaking badly under the sink; she wants someone today.", intent: "repair request", urgency: "HIGH", callerName: "Priya Natarajan", actionItems: ["Call Priya back about the leaking tap before 5 pm"] }],
    ["boilers", { summary: "Asked whether boilers are repaired at weekends.", intent: "question", urgency: "LOW", callerName: null, actionItems: ["Tell the caller about weekend boiler repairs"] }],
    ["ceiling", { summary: "Dana Whitfield has water coming through her ceiling; a technician is booked for this afternoon, 2 to 4 pm.", intent: "emergency repair", urgency: "URGENT", callerName: "Dana Whitfield", actionItems: ["Send a technician to Dana Whitfield between 2 and 4 pm", "Bring a moisture meter"] }],
  ];
  s.anthropic.respondWith((body) => {
    const said = JSON.stringify(body.messages);
    const input = analyses.find(([word]) => said.includes(word))?.[1] ?? analyses[0]![1];
    return { toolUse: { name: "record_call_analysis", input } };
  });
  for (const [from, line, reply] of [["+15557650001", "Hi, this is Priya Natarajan, my kitchen tap is leaking badly under the sink.", "I'm sorry to hear that. Can I take your name and number so someone can call you back today?"], ["+15557650002", "Do you fix boilers on weekends?", "We do emergency boiler repairs on weekends. Shall I take a message for the owner?"]] as const) {
    s.anthropic.enqueue({ text: reply });
    const c = await placeCall({ ...s.simulator, from });
    await c.connected();
    await c.say(line);
    await c.hangUp({ duration: 48 });
  }
  await new Promise((r) => setTimeout(r, 1500));
  const { page } = await signedIn(b, s.app.url, s.app.apiToken, DESKTOP);
  await page.goto("/live");
  s.anthropic.enqueue({ text: "Of course. A technician can come round this afternoon between two and four; does that suit you?", chunks: ["Of course.", " A technician", " can come round", " this afternoon", " between two and four;", " does that", " suit you?"], tokenDelayMs: 400 });
  const call = await placeCall({ ...s.simulator, from: "+15557650003" });
  await call.connected();
  await page.getByRole("article", { name: "+15557650003" }).waitFor();
  call.sendPrompt("Hello, this is Dana Whitfield, water is coming through my ceiling, can someone come today?");
  await page.getByText("can come round").waitFor();
  await page.screenshot({ path: `${OUT}/live.png` });
  await call.nextReply();
  await call.hangUp({ duration: 30 });
  const phone = await signedIn(b, s.app.url, s.app.apiToken, PHONE);
  await phone.page.getByLabel("Search calls").fill("leaking tap");
  await phone.page.getByRole("button", { name: "Search" }).click();
  await phone.page.locator("mark").first().waitFor();
  await phone.page.screenshot({ path: `${OUT}/calls-phone.png`, fullPage: false });
  await page.goto("/calls");
  await page.getByRole("link", { name: /Dana/ }).first().click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${OUT}/call.png`, fullPage: true });
  await page.goto("/stats");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${OUT}/stats.png`, fullPage: true });
  await page.goto("/settings");
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${OUT}/settings.png` });
  await page.goto("/todo");
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${OUT}/todo.png` });
  await b.close();
  await s.dispose();
});
