export function BusinessSettings() {
  return null;
}
