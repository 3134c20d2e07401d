import { PageTitle } from "../components/page-title";

export function LivePage() {
  return <PageTitle>Live</PageTitle>;
}
