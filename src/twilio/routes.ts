/** The paths Twilio calls on this server; the server routes them and the simulator calls them, from this one list. */
export const twilioRoutes = {
  voice: "/twilio/voice",
  relay: "/twilio/relay",
  relayAction: "/twilio/relay-action",
  dialResult: "/twilio/dial-result",
  /** What the person a transfer rings hears first (`<Number url>`), and where their key press goes. */
  whisper: "/twilio/whisper",
  status: "/twilio/status",
  /** Where Twilio reports a call's recording once it is complete (`recordCalls`). */
  recordingStatus: "/twilio/recording-status",
  /** Where a call parked during a restart comes back to (a `<Redirect>` we write). */
  resume: "/twilio/resume",
} as const;
