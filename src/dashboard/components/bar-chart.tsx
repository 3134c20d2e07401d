import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useId, useRef, useState } from "react";

// Only what a bar chart needs, so the rest of Chart.js is left out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  value: number;
}

interface Colours {
  bar: string;
  text: string;
  grid: string;
}

const withUnit = (value: number, unit: string | undefined) =>
  unit ? `${value.toLocaleString()} ${unit}` : value.toLocaleString();

function readColours(): Colours {
  const style = getComputedStyle(document.documentElement);
  return {
    bar: style.getPropertyValue("--accent").trim(),
    text: style.getPropertyValue("--muted").trim(),
    grid: style.getPropertyValue("--line").trim(),
  };
}

/** The page's own colours (styles.css), read again whenever the device turns light or dark. */
function useThemeColours(): Colours {
  const [colours, setColours] = useState(readColours);
  useEffect(() => {
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    const changed = () => setColours(readColours());
    scheme.addEventListener("change", changed);
    return () => scheme.removeEventListener("change", changed);
  }, []);
  return colours;
}

/**
 * A bar chart (Chart.js on a canvas) that a screen reader hears as one picture described by
 * `summary`, with the same figures in a table anyone can open.
 */
export function BarChart(props: {
  title: string;
  summary: string;
  bars: Bar[];
  /** The table's headings for the labels and the values, e.g. "Day" and "Calls". */
  labelName: string;
  valueName: string;
  /** Written after each value, e.g. "ms". */
  unit?: string;
  /** Bars across, one per row: for long labels and a phone's narrow screen. */
  horizontal?: boolean;
}) {
  const { bars, horizontal = false, title } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const colours = useThemeColours();
  const headingId = useId();
  const { unit } = props;

  useEffect(() => {
    if (!canvas.current) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const valueAxis = {
      beginAtZero: true,
      grid: { color: colours.grid },
      ticks: { color: colours.text, precision: 0 },
    };
    const labelAxis = { grid: { display: false }, ticks: { color: colours.text } };
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels: bars.map((bar) => bar.label),
        datasets: [{ label: props.valueName, data: bars.map((bar) => bar.value), backgroundColor: colours.bar }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : undefined,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          tooltip: { callbacks: { label: (item) => withUnit(item.parsed[horizontal ? "x" : "y"] ?? 0, unit) } },
        },
      },
    });
    return () => chart.destroy();
  }, [bars, horizontal, colours, props.valueName, unit]);

  // A horizontal chart grows with its bars, so each label keeps room to be read.
  const height = horizontal ? `${3 + bars.length * 2}rem` : "15rem";
  return (
    <figure className="bar-chart card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="bar-chart-canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${props.summary}`} />
      </div>
      <details>
        <summary>{title} as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.labelName}</th>
              <th scope="col">{props.valueName}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{withUnit(bar.value, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
