import { PageTitle } from "../components/page-title";

export function TodoPage() {
  return <PageTitle>To-do</PageTitle>;
}
