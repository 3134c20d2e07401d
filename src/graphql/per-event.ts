/**
 * Loads shared by every subscriber resolving the same live event: a thousand subscriptions to
 * `callUpdated` cost one read of the call per change, not a thousand, and the event loop that
 * answers calls is not spent on the other 999.
 *
 * Keyed on the event object itself, which the pub/sub hands to every subscriber of this process
 * (in process; through Redis, each message is parsed once for all its listeners), and on `key`,
 * what the load depends on besides the event (the fields a subscriber selected): subscribers
 * that asked for the same get the same promise. The loads go when the event does.
 */
export function perEventLoads<Event extends object, Value>(): (
  event: Event,
  key: string,
  load: () => Promise<Value>,
) => Promise<Value> {
  const loads = new WeakMap<Event, Map<string, Promise<Value>>>();
  return (event, key, load) => {
    let forEvent = loads.get(event);
    if (!forEvent) {
      forEvent = new Map();
      loads.set(event, forEvent);
    }
    let loading = forEvent.get(key);
    if (!loading) {
      loading = load();
      forEvent.set(key, loading);
    }
    return loading;
  };
}
