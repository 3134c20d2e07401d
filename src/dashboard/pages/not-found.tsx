import { Link } from "wouter";
import { PageTitle } from "../components/page-title";

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page here. <Link href="/calls">See the calls</Link>.
      </p>
    </>
  );
}
