import { de } from "./de";
import { en, type Messages } from "./en";

/** Every language the resolver page speaks, by its tag. */
export const LANGUAGES: Record<string, Messages> = { en, de };

/** The best language for an `Accept-Language` header (by quality, then order); English when none fits. */
export function languageFor(acceptLanguage: string | undefined): Messages {
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) if (LANGUAGES[w.tag]) return LANGUAGES[w.tag] as Messages;
  return en;
}

export type { Messages };
