export function CallerRulesSettings() {
  return null;
}
