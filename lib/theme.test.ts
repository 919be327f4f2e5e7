import { describe, expect, it } from "vitest";
import { chooseTheme, themeCss } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";

describe("themes", () => {
  it("prefers an explicit choice, then the remembered one, then the system", () => {
    expect(chooseTheme("dark", "light")).toBe("dark");
    expect(chooseTheme("purple", "light")).toBe("light");
    expect(chooseTheme(null, undefined)).toBe("system");
  });

  it("turns the configured brand into CSS variables for light and dark", () => {
    const css = themeCss(widgetConfig.theme);
    expect(css).toContain("--color-brand:light-dark(#1d4ed8, #8ab4ff)");
    expect(css).toContain("--radius:12px");
    expect(css).toMatch(/^:root\{[^{}<>]+\}$/);
  });

  it("drops values that could break out of the rule", () => {
    const css = themeCss({ ...widgetConfig.theme, radius: "4px}</style><script>alert(1)</script>" });
    expect(css).not.toContain("script");
    expect(css).not.toContain("--radius");
  });
});
