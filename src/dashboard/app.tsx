import { lazy, Suspense } from "react";
import { Redirect, Route, Switch } from "wouter";
import { Layout } from "./components/layout";
import { Connection } from "./connection";
import { CallPage } from "./pages/call";
import { CallsPage } from "./pages/calls";
import { LivePage } from "./pages/live";
import { NotFoundPage } from "./pages/not-found";
import { SettingsPage } from "./pages/settings";
import { SignInPage } from "./pages/sign-in";
import { TodoPage } from "./pages/todo";

// The charts (Chart.js) load with the Stats page only, not with every page.
const StatsPage = lazy(() => import("./pages/stats").then((module) => ({ default: module.StatsPage })));

/** The owner's pages; every one but sign-in needs a session. */
export function App() {
  return (
    <Switch>
      <Route path="/signin" component={SignInPage} />
      <Route>
        <Connection>
          <Layout>
            <Switch>
              <Route path="/">
                <Redirect to="/calls" replace />
              </Route>
              <Route path="/live" component={LivePage} />
              <Route path="/calls" component={CallsPage} />
              <Route path="/calls/:callId" component={CallPage} />
              <Route path="/todo" component={TodoPage} />
              <Route path="/stats">
                <Suspense fallback={<p>Loading the stats…</p>}>
                  <StatsPage />
                </Suspense>
              </Route>
              <Route path="/settings" component={SettingsPage} />
              <Route path="/settings/*" component={SettingsPage} />
              <Route component={NotFoundPage} />
            </Switch>
          </Layout>
        </Connection>
      </Route>
    </Switch>
  );
}
