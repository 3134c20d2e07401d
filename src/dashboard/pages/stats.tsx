import { type FormEvent, useMemo } from "react";
import { useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { type Bar, BarChart } from "../components/bar-chart";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { useFreshQuery } from "../connection";
import { formatCount, formatDuration, formatEnum } from "../format";
import { graphql } from "../generated";
import type { StatsFiguresQuery, Urgency } from "../generated/graphql";
import "./stats.css";

const StatsQuery = graphql(`
  query StatsFigures($since: DateTime, $until: DateTime) {
    stats(since: $since, until: $until) {
      totalCalls
      realCalls
      blockedCalls
      spamCalls
      shortHangUps
      afterHoursCalls
      averageDurationSeconds
      callsPerDay {
        day
        calls
      }
      topIntents {
        intent
        calls
      }
      urgencyCounts {
        urgency
        calls
      }
      firstTokenLatencyMs {
        p50
        p95
      }
    }
  }
`);

type Stats = StatsFiguresQuery["stats"];

const PRESETS = [7, 30, 90];
const DEFAULT_DAYS = 30;
const URGENCIES_FIRST_TO_LAST: Urgency[] = ["URGENT", "HIGH", "NORMAL", "LOW"];

/** The owner's days, from the first to the last included, in the browser's time zone. */
interface Period {
  from: string;
  to: string;
  /** 7, 30 or 90 for "the last n days"; null for dates the owner chose. */
  lastDays: number | null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
/** Local midnight at the start of a YYYY-MM-DD day, `plusDays` later. */
function startOf(day: string, plusDays = 0): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays);
}
const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(startOf(value).getTime());

/** The period lives in the address (`?days=7`, or `?from=…&to=…`), so it can be bookmarked and gone back to. */
function periodFrom(params: URLSearchParams, today: string): Period | { problem: string } {
  const from = params.get("from");
  const to = params.get("to");
  if (from !== null || to !== null) {
    if (!isDay(from)) return { problem: "Choose the first day of the period." };
    const last = isDay(to) ? to : today;
    if (last < from) return { problem: "The first day is after the last day: swap them." };
    return { from, to: last, lastDays: null };
  }
  const days = Number(params.get("days"));
  const lastDays = PRESETS.includes(days) ? days : DEFAULT_DAYS;
  return { from: isoDay(startOf(today, 1 - lastDays)), to: today, lastDays };
}

const dayLabel = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Every UTC day (the API's days) the period touches, with the calls on each, none left out. */
function callsPerDay(stats: Stats, since: Date, until: Date): Bar[] {
  const counted = new Map(stats.callsPerDay.map((entry) => [entry.day, entry.calls]));
  const bars: Bar[] = [];
  const last = new Date(until.getTime() - 1).toISOString().slice(0, 10);
  for (let day = new Date(`${since.toISOString().slice(0, 10)}T00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const key = day.toISOString().slice(0, 10);
    bars.push({ label: dayLabel.format(day), value: counted.get(key) ?? 0 });
    if (key >= last) return bars;
  }
}

const listed = (bars: Bar[], unit = "") =>
  bars.map((bar) => `${bar.label} ${bar.value.toLocaleString()}${unit}`).join(", ");
const ms = (value: number | null | undefined) =>
  value == null ? "No data yet" : `${Math.round(value).toLocaleString()} ms`;

export function StatsPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const today = isoDay(new Date());
  const period = periodFrom(params, today);
  const range =
    "problem" in period
      ? null
      : { since: startOf(period.from).toISOString(), until: startOf(period.to, 1).toISOString() };

  const chooseDates = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["from", "to"]) {
      const value = form.get(name);
      if (typeof value === "string" && value) next.set(name, value);
    }
    navigate(`/stats?${next}`);
  };
  const chosen = "problem" in period ? null : period;

  return (
    <>
      <PageTitle>Stats</PageTitle>
      <div className="stats-period">
        <nav aria-label="Period">
          <ul className="inline-list">
            {PRESETS.map((days) => (
              <li key={days}>
                <Link href={`/stats?days=${days}`} aria-current={chosen?.lastDays === days ? "true" : undefined}>
                  Last {days} days
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <form className="row" onSubmit={chooseDates} key={params.toString()}>
          <DateField name="from" label="From" max={today} value={chosen?.from ?? params.get("from")} />
          <DateField name="to" label="To" max={today} value={chosen?.to ?? params.get("to")} />
          <button type="submit">Show</button>
        </form>
      </div>
      {"problem" in period ? (
        <p className="error" role="alert">
          {period.problem}
        </p>
      ) : (
        range && <Figures since={range.since} until={range.until} period={period} />
      )}
    </>
  );
}

function Figures({ since, until, period }: { since: string; until: string; period: Period }) {
  const [result, reexecute] = useQuery({
    query: StatsQuery,
    variables: { since, until },
    requestPolicy: "cache-and-network",
  });
  useFreshQuery(reexecute);
  const stats = result.data?.stats;
  const charts = useMemo(() => {
    if (!stats) return null;
    const urgency = new Map(stats.urgencyCounts.map((entry) => [entry.urgency, entry.calls]));
    return {
      perDay: callsPerDay(stats, new Date(since), new Date(until)),
      intents: stats.topIntents.map((entry) => ({ label: formatEnum(entry.intent), value: entry.calls })),
      urgencies: URGENCIES_FIRST_TO_LAST.map((level) => ({ label: formatEnum(level), value: urgency.get(level) ?? 0 })),
      unusual: [
        { label: "After hours", value: stats.afterHoursCalls },
        { label: "Spam", value: stats.spamCalls },
        { label: "Blocked", value: stats.blockedCalls },
        { label: "Short hang-ups", value: stats.shortHangUps },
      ],
      latency: [stats.firstTokenLatencyMs.p50, stats.firstTokenLatencyMs.p95].some((value) => value == null)
        ? null
        : [
            { label: "Median (p50)", value: Math.round(stats.firstTokenLatencyMs.p50 ?? 0) },
            { label: "95th percentile (p95)", value: Math.round(stats.firstTokenLatencyMs.p95 ?? 0) },
          ],
    };
  }, [stats, since, until]);

  const heading = `${longDay.format(startOf(period.from))} to ${longDay.format(startOf(period.to))}`;
  return (
    <>
      <p className="hint" aria-live="polite">
        Calls from {heading}
        {result.fetching && stats ? " (updating…)" : ""}
      </p>
      <QueryError error={result.error} />
      {result.fetching && !stats && <p>Loading the stats…</p>}
      {stats && charts && (
        <>
          <section aria-labelledby="stats-figures">
            <h2 id="stats-figures">In figures</h2>
            <dl className="figures">
              <Figure term="Calls" value={stats.totalCalls.toLocaleString()} />
              <Figure term="Real calls" value={stats.realCalls.toLocaleString()} />
              <Figure term="After hours" value={stats.afterHoursCalls.toLocaleString()} />
              <Figure term="Spam" value={stats.spamCalls.toLocaleString()} />
              <Figure term="Blocked" value={stats.blockedCalls.toLocaleString()} />
              <Figure term="Short hang-ups" value={stats.shortHangUps.toLocaleString()} />
              <Figure
                term="Average length"
                value={
                  stats.averageDurationSeconds == null ? "No data yet" : formatDuration(stats.averageDurationSeconds)
                }
              />
              <Figure term="First word of a reply, median" value={ms(stats.firstTokenLatencyMs.p50)} />
              <Figure term="First word of a reply, 95th percentile" value={ms(stats.firstTokenLatencyMs.p95)} />
            </dl>
          </section>
          {stats.totalCalls === 0 ? (
            <p>No calls in this period, so there is nothing to chart.</p>
          ) : (
            <div className="charts">
              <BarChart
                title="Calls per day"
                summary={perDaySummary(charts.perDay, stats.totalCalls)}
                bars={charts.perDay}
                labelName="Day (UTC)"
                valueName="Calls"
              />
              <BarChart
                title="Top intents"
                summary={charts.intents.length > 0 ? listed(charts.intents) : "none named yet"}
                bars={charts.intents}
                labelName="Intent"
                valueName="Calls"
                horizontal
              />
              <BarChart
                title="Urgency"
                summary={listed(charts.urgencies)}
                bars={charts.urgencies}
                labelName="Urgency"
                valueName="Calls"
                horizontal
              />
              <BarChart
                title="After hours, spam, blocked and short hang-ups"
                summary={listed(charts.unusual)}
                bars={charts.unusual}
                labelName="Kind of call"
                valueName="Calls"
                horizontal
              />
              {charts.latency && (
                <BarChart
                  title="Time to the first word of a reply"
                  summary={listed(charts.latency, " ms")}
                  bars={charts.latency}
                  labelName="Percentile"
                  valueName="Milliseconds"
                  unit="ms"
                  horizontal
                />
              )}
            </div>
          )}
        </>
      )}
    </>
  );
}

function perDaySummary(days: Bar[], total: number): string {
  const busiest = days.reduce((most, day) => (day.value > most.value ? day : most));
  return `${formatCount(total, "call")} over ${formatCount(days.length, "day")}; the busiest, ${busiest.label}, had ${busiest.value.toLocaleString()}.`;
}

function DateField(props: { name: string; label: string; max: string; value: string | null }) {
  const id = `stats-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} type="date" max={props.max} defaultValue={props.value ?? ""} />
    </div>
  );
}

function Figure({ term, value }: { term: string; value: string }) {
  return (
    <div className="card">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
