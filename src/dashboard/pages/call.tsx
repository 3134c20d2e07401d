import { PageTitle } from "../components/page-title";

export function CallPage() {
  return <PageTitle>A call</PageTitle>;
}
