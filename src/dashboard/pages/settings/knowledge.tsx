export function KnowledgeSettings() {
  return null;
}
