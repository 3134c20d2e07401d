import { Link, Route, Switch, useLocation } from "wouter";
import { PageTitle } from "../components/page-title";
import { BusinessSettings } from "./settings/business";
import { CallerRulesSettings } from "./settings/caller-rules";
import { KnowledgeSettings } from "./settings/knowledge";
import { NotificationSettings } from "./settings/notifications";

const SECTIONS = [
  { path: "/settings", label: "Business, hours and voice" },
  { path: "/settings/knowledge", label: "Knowledge" },
  { path: "/settings/rules", label: "Callers" },
  { path: "/settings/notifications", label: "Notifications" },
];

/** What the secretary knows and does, in sections the owner moves between. */
export function SettingsPage() {
  const [location] = useLocation();
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <nav className="sub-nav" aria-label="Settings sections">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <Link href={section.path} aria-current={location === section.path ? "page" : undefined}>
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Switch>
        <Route path="/settings" component={BusinessSettings} />
        <Route path="/settings/knowledge" component={KnowledgeSettings} />
        <Route path="/settings/rules" component={CallerRulesSettings} />
        <Route path="/settings/notifications" component={NotificationSettings} />
      </Switch>
    </>
  );
}
