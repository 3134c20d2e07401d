import { PageTitle } from "../components/page-title";

export function StatsPage() {
  return <PageTitle>Stats</PageTitle>;
}
