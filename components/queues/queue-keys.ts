/** react-query keys of the queue detail page, so saves can refresh exactly what they touch. */
export const queueKeys = {
  queue: (id: string) => ["queue", id] as const,
  next: (id: string) => ["queue", id, "next"] as const,
  distribution: (id: string) => ["queue", id, "distribution"] as const,
  history: (id: string) => ["queue", id, "history"] as const,
  preview: (id: string) => ["queue", id, "preview"] as const,
  series: (id: string, g: "day" | "week") => ["queue", id, "series", g] as const,
};
