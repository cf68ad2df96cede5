/** Scripts written right to left; an article in one of these languages gets dir="rtl". */
const RIGHT_TO_LEFT = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"]);

export type TextDirection = "ltr" | "rtl";

export function textDirection(lang: string): TextDirection {
  const primary = lang.toLowerCase().split("-")[0] ?? "";
  return RIGHT_TO_LEFT.has(primary) ? "rtl" : "ltr";
}
