// Query keys in a module of their own: code on the home page uses them without loading react-query.

export const generationKeys = {
  all: ["generations"] as const,
  list: (filters: object) => ["generations", "list", filters] as const,
  lists: ["generations", "list"] as const,
  detail: (id: string) => ["generations", "detail", id] as const,
};

export const quotaKey = ["quota"] as const;
