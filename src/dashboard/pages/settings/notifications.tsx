import { type FormEvent, type InputHTMLAttributes, useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../../components/confirm-dialog";
import {
  FieldProblem,
  FormProblem,
  type InputProblem,
  inputProblemOf,
  problemProps,
  useInputProblem,
} from "../../components/input-problem";
import { type OnOutcome, Outcome } from "../../components/outcome";
import { QueryError } from "../../components/query-error";
import { useFreshQuery } from "../../connection";
import { formatEnum, formatWhen } from "../../format";
import { graphql } from "../../generated";
import type {
  NotificationChannelItemFragment,
  NotificationChannelKind,
  NotificationEvent,
  UpdateNotificationChannelInput,
  Urgency,
} from "../../generated/graphql";
import "./settings-sections.css";

graphql(`
  fragment NotificationChannelItem on NotificationChannel {
    id
    name
    kind
    enabled
    events
    minUrgency
    digestTime
    quietHours {
      start
      end
    }
    hasSecret
    lastDeliveredAt
    lastError
    lastErrorAt
    email {
      host
      port
      secure
      user
      from
      to
    }
    webhook {
      url
    }
    sms {
      from
      to
    }
  }
`);

// The API keeps at most 20 channels: one page holds them all (and a bigger one costs more than it allows).
const ChannelsQuery = graphql(`
  query NotificationSettingsChannels {
    notificationChannels(first: 20) {
      edges {
        node {
          ...NotificationChannelItem
        }
      }
    }
  }
`);

const CreateChannelMutation = graphql(`
  mutation NotificationSettingsCreate($input: CreateNotificationChannelInput!) {
    createNotificationChannel(input: $input) {
      notificationChannel {
        ...NotificationChannelItem
      }
      webhookSecret
    }
  }
`);

const UpdateChannelMutation = graphql(`
  mutation NotificationSettingsUpdate($input: UpdateNotificationChannelInput!) {
    updateNotificationChannel(input: $input) {
      notificationChannel {
        ...NotificationChannelItem
      }
      webhookSecret
    }
  }
`);

const DeleteChannelMutation = graphql(`
  mutation NotificationSettingsDelete($input: DeleteNotificationChannelInput!) {
    deleteNotificationChannel(input: $input) {
      deletedNotificationChannelId
    }
  }
`);

const SendTestMutation = graphql(`
  mutation NotificationSettingsSendTest($input: SendTestNotificationInput!) {
    sendTestNotification(input: $input) {
      delivered
      error
      notificationChannel {
        ...NotificationChannelItem
      }
    }
  }
`);

const KINDS: { kind: NotificationChannelKind; label: string; explanation: string }[] = [
  { kind: "EMAIL", label: "Email", explanation: "A plain-text mail, sent through your own mail server (SMTP)." },
  {
    kind: "SMS",
    label: "Text message",
    explanation:
      "A short text to your mobile phone through Twilio (the server needs TWILIO_ACCOUNT_SID). In the US the " +
      "sending number needs A2P 10DLC registration before carriers deliver.",
  },
  {
    kind: "WEBHOOK",
    label: "Webhook",
    explanation: "A signed JSON POST to a URL of yours (Standard Webhooks), e.g. an n8n or Zapier workflow.",
  },
];

const EVENTS: { event: NotificationEvent; label: string; explanation: string }[] = [
  { event: "MESSAGE_TAKEN", label: "Messages", explanation: "The secretary took a message during a call." },
  { event: "CALL_URGENT", label: "Urgent calls", explanation: "A call the analysis found urgent." },
  {
    event: "CALL_ANALYZED",
    label: "Every call's summary",
    explanation: "A call's summary is ready (from the lowest urgency chosen below).",
  },
  { event: "CALL_MISSED", label: "Missed calls", explanation: "The caller said nothing: hung up, busy, no answer." },
  {
    event: "KNOWLEDGE_GAP_OPENED",
    label: "New unanswered questions",
    explanation: "A caller asked something the knowledge base does not answer.",
  },
  {
    event: "DAILY_DIGEST",
    label: "Daily digest",
    explanation: "Once a day: yesterday's calls by urgency, the open to-dos and the open questions.",
  },
];

const URGENCIES: { urgency: Urgency; label: string }[] = [
  { urgency: "LOW", label: "Every call" },
  { urgency: "NORMAL", label: "Normal and above" },
  { urgency: "HIGH", label: "High and urgent" },
  { urgency: "URGENT", label: "Urgent only" },
];

/** The inputs of the channel form, by the names the API gives them in `extensions.field`. */
const CHANNEL_FIELDS = [
  "name",
  "events",
  "minUrgency",
  "digestTime",
  "quietHours.start",
  "quietHours.end",
  "email.host",
  "email.port",
  "email.user",
  "email.password",
  "email.from",
  "email.to",
  "webhook.url",
  "sms.to",
  "sms.from",
] as const;

/** A webhook's signing secret, which the API gives once: at creation, or when rotated. */
interface SecretShownOnce {
  channelName: string;
  secret: string;
}

/** Where the owner is told of what happens, and whether each way works (a test sent now). */
export function NotificationSettings() {
  const [result, reexecute] = useQuery({ query: ChannelsQuery });
  useFreshQuery(reexecute);
  const [secret, setSecret] = useState<SecretShownOnce | null>(null);
  const [outcome, setOutcome] = useState("");
  const channels = result.data?.notificationChannels.edges;
  return (
    <>
      <p className="hint">
        Each channel is told of the events you choose. Notifications are sent again after a failure, for up to 8
        attempts; a test is sent at once and says whether it arrived.
      </p>
      <Outcome message={outcome} />
      {secret && <SigningSecret key={secret.secret} shown={secret} onDone={() => setSecret(null)} />}
      <section aria-labelledby="channels-heading">
        <h2 id="channels-heading">Channels</h2>
        <QueryError error={result.error} />
        {result.fetching && !channels && <p>Loading channels…</p>}
        {channels &&
          (channels.length === 0 ? (
            <p>No channels: you are told of nothing but what you read here.</p>
          ) : (
            <ul className="setting-list" aria-labelledby="channels-heading">
              {channels.map(({ node }) => (
                <ChannelItem key={node.id} channel={node} onSecret={setSecret} onOutcome={setOutcome} />
              ))}
            </ul>
          ))}
      </section>
      <NewChannel onSecret={setSecret} onOutcome={setOutcome} />
    </>
  );
}

function SigningSecret({ shown, onDone }: { shown: SecretShownOnce; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The owner's attention goes to the secret the moment it appears: it will not come back.
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied("Copied.");
    } catch {
      // No clipboard outside a secure context (http to another host): the secret is selected to copy by hand.
      field.current?.select();
      setCopied("Your browser does not let the page copy: the secret is selected, copy it with your keyboard.");
    }
  };
  return (
    <section className="secret-once" aria-labelledby="secret-heading">
      <h2 id="secret-heading" tabIndex={-1} ref={heading}>
        Signing secret of “{shown.channelName}”
      </h2>
      <p>
        <strong>It is shown this once and will not be shown again.</strong> Give it to the service that receives the
        webhook, so it can check that each request comes from your secretary. If it is lost, make a new one (Edit the
        channel).
      </p>
      <div className="field">
        <label htmlFor="signing-secret">Signing secret</label>
        <div className="row">
          <input id="signing-secret" ref={field} readOnly value={shown.secret} className="secret" />
          <button type="button" onClick={copy}>
            Copy
          </button>
        </div>
        <span role="status" className="hint">
          {copied}
        </span>
      </div>
      <button type="button" className="quiet" onClick={onDone}>
        I have kept it: hide it
      </button>
    </section>
  );
}

function NewChannel(props: { onSecret(secret: SecretShownOnce): void; onOutcome: OnOutcome }) {
  const [kind, setKind] = useState<NotificationChannelKind>("EMAIL");
  const { problem, settle } = useInputProblem();
  const [state, createChannel] = useMutation(CreateChannelMutation);
  // A new form after each channel made: every input back to its default.
  const [made, setMade] = useState(0);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = channelInput(kind, new FormData(event.currentTarget), null);
    const result = await createChannel({ input: { ...input, name: input.name ?? "", events: input.events ?? [] } });
    settle(result.error);
    const created = result.data?.createNotificationChannel;
    if (created) {
      const { name } = created.notificationChannel;
      if (created.webhookSecret) props.onSecret({ channelName: name, secret: created.webhookSecret });
      props.onOutcome(`Added the channel “${name}”. Send a test to check it works.`);
      setMade((count) => count + 1);
    }
  };
  return (
    <section aria-labelledby="new-channel-heading">
      <h2 id="new-channel-heading">Add a channel</h2>
      <form className="stacked panel card" onSubmit={submit} key={made}>
        <fieldset>
          <legend>Kind</legend>
          {KINDS.map((option) => (
            <div key={option.kind} className="choice">
              <input
                type="radio"
                id={`new-channel-kind-${option.kind}`}
                name="kind"
                value={option.kind}
                checked={kind === option.kind}
                onChange={() => setKind(option.kind)}
                aria-describedby={`new-channel-kind-${option.kind}-hint`}
              />
              <label htmlFor={`new-channel-kind-${option.kind}`}>{option.label}</label>
              <span id={`new-channel-kind-${option.kind}-hint`} className="hint">
                {option.explanation}
              </span>
            </div>
          ))}
        </fieldset>
        <ChannelFields idPrefix="new-channel" kind={kind} channel={null} problem={problem} />
        <div className="row">
          <button type="submit" disabled={state.fetching}>
            Add the channel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The form's values as the API's input; on an edit (`channel` given), a blank password keeps the stored one. */
function channelInput(
  kind: NotificationChannelKind,
  data: FormData,
  channel: NotificationChannelItemFragment | null,
): Omit<UpdateNotificationChannelInput, "notificationChannelId"> {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const quiet = data.get("quiet") === "on";
  const port = text("email.port");
  const password = String(data.get("email.password") ?? "");
  return {
    name: text("name"),
    enabled: data.get("enabled") === "on",
    events: data.getAll("events").map(String) as NotificationEvent[],
    minUrgency: text("minUrgency") as Urgency,
    ...(kind === "EMAIL" && text("digestTime") && { digestTime: text("digestTime") }),
    // Turning quiet hours off is said as null on an edit; a new channel just has none.
    ...(quiet
      ? { quietHours: { start: text("quietHours.start"), end: text("quietHours.end") } }
      : channel && { quietHours: null }),
    ...(kind === "EMAIL" && {
      email: {
        host: text("email.host"),
        ...(port && { port: Number(port) }),
        ...(data.get("email.secure") === "on" && { secure: true }),
        user: text("email.user") || null,
        ...(password && { password }),
        from: text("email.from"),
        to: text("email.to")
          .split(/[,;\s]+/)
          .filter(Boolean),
      },
    }),
    ...(kind === "WEBHOOK" &&
      (!channel || text("webhook.url") !== channel.webhook?.url) && {
        webhook: { url: text("webhook.url") },
      }),
    ...(kind === "SMS" && { sms: { to: text("sms.to"), from: text("sms.from") } }),
  };
}

/** The inputs of a channel of one kind, filled with its settings on an edit. */
function ChannelFields(props: {
  idPrefix: string;
  kind: NotificationChannelKind;
  channel: NotificationChannelItemFragment | null;
  problem: InputProblem | null;
}) {
  const { idPrefix, kind, channel, problem } = props;
  const [quiet, setQuiet] = useState(Boolean(channel?.quietHours));
  const id = (name: string) => `${idPrefix}-${name.replace(".", "-")}`;
  const text = (name: string, label: string, extra: InputOptions) => (
    <LabelledInput id={id(name)} name={name} label={label} problem={problem} {...extra} />
  );
  return (
    <>
      {text("name", "Name", { value: channel?.name, required: true, maxLength: 100, placeholder: "e.g. My inbox" })}
      {kind === "EMAIL" && (
        <>
          {text("email.to", "Send to", {
            value: channel?.email?.to.join(", "),
            required: true,
            hint: "One address, or several separated by commas (at most 10).",
            autoComplete: "off",
          })}
          {text("email.host", "Mail server (SMTP)", {
            value: channel?.email?.host,
            required: true,
            placeholder: "e.g. smtp.fastmail.com",
          })}
          {text("email.port", "Port", {
            type: "number",
            value: channel?.email ? String(channel.email.port) : "",
            min: 1,
            max: 65535,
            hint: "587 if left empty (STARTTLS); 465 for TLS from the start.",
          })}
          <div className="choice">
            <input
              type="checkbox"
              id={id("email.secure")}
              name="email.secure"
              defaultChecked={channel?.email?.secure ?? false}
            />
            <label htmlFor={id("email.secure")}>TLS from the start (always on port 465)</label>
          </div>
          {text("email.user", "Login (optional)", { value: channel?.email?.user, autoComplete: "off" })}
          {text("email.password", "Password", {
            type: "password",
            autoComplete: "new-password",
            hint: channel?.hasSecret
              ? "A password is stored; it is never shown. Leave this empty to keep it."
              : "If the server wants a login. Stored, never shown again.",
          })}
          {text("email.from", "Sender's address", {
            value: channel?.email?.from,
            type: "email",
            required: true,
            placeholder: "e.g. secretary@example.com",
          })}
        </>
      )}
      {kind === "WEBHOOK" &&
        text("webhook.url", "URL", {
          value: channel?.webhook?.url,
          type: "url",
          required: true,
          placeholder: "https://",
          hint: "It receives a POST for each notification, signed with the channel's secret.",
        })}
      {kind === "SMS" && (
        <>
          {text("sms.to", "Your mobile phone", {
            value: channel?.sms?.to,
            type: "tel",
            required: true,
            placeholder: "+15551234567",
            hint: "With the country code: a plus, then the digits.",
          })}
          {text("sms.from", "Business number to text from", {
            value: channel?.sms?.from,
            type: "tel",
            required: true,
            placeholder: "+15557654321",
            hint: "Your Twilio number, with the country code.",
          })}
        </>
      )}
      <fieldset aria-describedby={problem?.field === "events" ? `${idPrefix}-events-problem` : undefined}>
        <legend>Tell it about</legend>
        {EVENTS.filter((event) => kind === "EMAIL" || event.event !== "DAILY_DIGEST").map((event) => (
          <div key={event.event} className="choice">
            <input
              type="checkbox"
              id={`${idPrefix}-event-${event.event}`}
              name="events"
              value={event.event}
              defaultChecked={
                channel
                  ? channel.events.includes(event.event)
                  : event.event !== "CALL_ANALYZED" && event.event !== "DAILY_DIGEST"
              }
              aria-describedby={`${idPrefix}-event-${event.event}-hint`}
            />
            <label htmlFor={`${idPrefix}-event-${event.event}`}>{event.label}</label>
            <span id={`${idPrefix}-event-${event.event}-hint`} className="hint">
              {event.explanation}
            </span>
          </div>
        ))}
        <FieldProblem problem={problem} field="events" id={`${idPrefix}-events-problem`} />
      </fieldset>
      <div className="field">
        <label htmlFor={id("minUrgency")}>Call summaries sent</label>
        <select id={id("minUrgency")} name="minUrgency" defaultValue={channel?.minUrgency ?? "LOW"}>
          {URGENCIES.map(({ urgency, label }) => (
            <option key={urgency} value={urgency}>
              {label}
            </option>
          ))}
        </select>
        <FieldProblem problem={problem} field="minUrgency" id={`${id("minUrgency")}-problem`} />
      </div>
      {kind === "EMAIL" &&
        text("digestTime", "Daily digest at", {
          type: "time",
          value: channel?.digestTime ?? "08:00",
          hint: "In the business's time zone; if the channel gets the daily digest.",
        })}
      <div className="choice">
        <input
          type="checkbox"
          id={id("quiet")}
          name="quiet"
          checked={quiet}
          onChange={(event) => setQuiet(event.currentTarget.checked)}
          aria-describedby={`${id("quiet")}-hint`}
        />
        <label htmlFor={id("quiet")}>Quiet hours</label>
        <span id={`${id("quiet")}-hint`} className="hint">
          Between these times (the business's time zone) only urgent calls are sent; the rest waits for the end.
        </span>
      </div>
      {quiet && (
        <div className="row">
          {text("quietHours.start", "From", {
            type: "time",
            required: true,
            value: channel?.quietHours?.start ?? "22:00",
          })}
          {text("quietHours.end", "To", { type: "time", required: true, value: channel?.quietHours?.end ?? "07:00" })}
        </div>
      )}
      <div className="choice">
        <input type="checkbox" id={id("enabled")} name="enabled" defaultChecked={channel?.enabled ?? true} />
        <label htmlFor={id("enabled")}>On</label>
        <span className="hint">Off: nothing is sent, and what was waiting is dropped.</span>
      </div>
      <FormProblem problem={problem} fields={CHANNEL_FIELDS} />
    </>
  );
}

type InputOptions = { hint?: string; value?: string | null } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "value" | "defaultValue"
>;

/** One input of the channel form: its label, its hint, and the API's problem with it under it. */
function LabelledInput(
  props: { id: string; name: string; label: string; problem: InputProblem | null } & InputOptions,
) {
  const { id, name, label, problem, hint, value, ...rest } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        defaultValue={value ?? ""}
        {...rest}
        {...problemProps(problem, name, `${id}-problem`, hint ? `${id}-hint` : undefined)}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldProblem problem={problem} field={name} id={`${id}-problem`} />
    </div>
  );
}

function ChannelItem(props: {
  channel: NotificationChannelItemFragment;
  onSecret(secret: SecretShownOnce): void;
  onOutcome: OnOutcome;
}) {
  const { channel } = props;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { problem, settle, clear } = useInputProblem();
  const [testOutcome, setTestOutcome] = useState<{ delivered: boolean; text: string } | null>(null);
  const [updateState, updateChannel] = useMutation(UpdateChannelMutation);
  const [testState, sendTest] = useMutation(SendTestMutation);
  const [, deleteChannel] = useMutation(DeleteChannelMutation);
  const idPrefix = `channel-${channel.id}`;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = channelInput(channel.kind, data, channel);
    const result = await updateChannel({
      input: {
        ...input,
        notificationChannelId: channel.id,
        ...(data.get("rotate") === "on" && { rotateWebhookSecret: true }),
      },
    });
    settle(result.error);
    const updated = result.data?.updateNotificationChannel;
    if (updated) {
      setEditing(false);
      if (updated.webhookSecret)
        props.onSecret({ channelName: updated.notificationChannel.name, secret: updated.webhookSecret });
      props.onOutcome(`Saved the channel “${updated.notificationChannel.name}”.`);
    }
  };
  const test = async () => {
    setTestOutcome(null);
    const result = await sendTest({ input: { notificationChannelId: channel.id } });
    const sent = result.data?.sendTestNotification;
    if (sent) {
      setTestOutcome(
        sent.delivered
          ? { delivered: true, text: "Test delivered." }
          : { delivered: false, text: `Test not delivered: ${sent.error ?? "no reason given"}` },
      );
    } else {
      setTestOutcome({ delivered: false, text: `Test not sent: ${inputProblemOf(result.error)?.message ?? ""}` });
    }
  };
  const remove = async () => {
    setConfirming(false);
    const result = await deleteChannel({ input: { notificationChannelId: channel.id } });
    if (settle(result.error)) props.onOutcome(`Deleted the channel “${channel.name}”.`);
  };

  const failing = channel.lastErrorAt && (!channel.lastDeliveredAt || channel.lastErrorAt > channel.lastDeliveredAt);
  const headingId = `${idPrefix}-heading`;
  return (
    <li className="setting-item channel card">
      <h3 id={headingId}>
        {channel.name} {!channel.enabled && <span className="badge">Off</span>}
      </h3>
      {editing ? (
        <form className="stacked" onSubmit={save} aria-labelledby={headingId}>
          <ChannelFields idPrefix={idPrefix} kind={channel.kind} channel={channel} problem={problem} />
          {channel.kind === "WEBHOOK" && (
            <div className="choice">
              <input
                type="checkbox"
                id={`${idPrefix}-rotate`}
                name="rotate"
                aria-describedby={`${idPrefix}-rotate-hint`}
              />
              <label htmlFor={`${idPrefix}-rotate`}>Make a new signing secret</label>
              <span id={`${idPrefix}-rotate-hint`} className="hint">
                The old one stops working at once; the new one is shown once, after saving.
              </span>
            </div>
          )}
          <div className="row">
            <button type="submit" disabled={updateState.fetching}>
              Save
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setEditing(false);
                clear();
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="facts">
            <dt>Sends</dt>
            <dd>{describeTarget(channel)}</dd>
            <dt>About</dt>
            <dd>
              {channel.events
                .map((event) => EVENTS.find((known) => known.event === event)?.label ?? formatEnum(event))
                .join(", ")}
              {channel.events.includes("DAILY_DIGEST") && ` (digest at ${channel.digestTime})`}
            </dd>
            {channel.events.includes("CALL_ANALYZED") && (
              <>
                <dt>Call summaries</dt>
                <dd>{URGENCIES.find((option) => option.urgency === channel.minUrgency)?.label}</dd>
              </>
            )}
            {channel.quietHours && (
              <>
                <dt>Quiet hours</dt>
                <dd>
                  {channel.quietHours.start} to {channel.quietHours.end}: only urgent calls then
                </dd>
              </>
            )}
            {channel.lastDeliveredAt && (
              <>
                <dt>Last delivered</dt>
                <dd>{formatWhen(channel.lastDeliveredAt)}</dd>
              </>
            )}
            {failing && channel.lastErrorAt && (
              <>
                <dt>Failing</dt>
                <dd className="error">
                  {formatWhen(channel.lastErrorAt)}: {channel.lastError}
                </dd>
              </>
            )}
          </dl>
          <FormProblem problem={problem} fields={[]} />
          <div className="row">
            <button type="button" onClick={test} disabled={testState.fetching} aria-describedby={`${idPrefix}-test`}>
              {testState.fetching ? "Sending a test…" : "Send a test"}
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => setEditing(true)}
              aria-label={`Edit “${channel.name}”`}
            >
              Edit
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => setConfirming(true)}
              aria-label={`Delete “${channel.name}”`}
            >
              Delete
            </button>
          </div>
          <p id={`${idPrefix}-test`} role="status" className={testOutcome?.delivered === false ? "error" : "ok"}>
            {testOutcome?.text}
          </p>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete the channel “${channel.name}”?`}
          confirmLabel="Delete the channel"
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Nothing more is sent to {describeTarget(channel)}. What it still had to send is dropped, and the history of
            what it sent is deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}

function describeTarget(channel: NotificationChannelItemFragment): string {
  if (channel.email) return `Email to ${channel.email.to.join(", ")}, through ${channel.email.host}`;
  if (channel.webhook) return `Webhook to ${channel.webhook.url}`;
  if (channel.sms) return `Text messages to ${channel.sms.to}, from ${channel.sms.from}`;
  return formatEnum(channel.kind);
}
