import { describe, expect, it } from "vitest";
import { brandIconSvg, chooseTheme, themeCss } from "@/lib/theme";

// A fork's own brand, not the shipped one: these tests are about how a brand is applied, whatever it is.
const brand = {
  radius: "6px",
  font: "Georgia, serif",
  light: { brand: "#0f766e", brandStrong: "#115e59", onBrand: "#ffffff" },
  dark: { brand: "#5eead4", brandStrong: "#99f6e4", onBrand: "#042f2e" },
};

describe("themes", () => {
  it("prefers an explicit choice, then the remembered one, then the system", () => {
    expect(chooseTheme("dark", "light")).toBe("dark");
    expect(chooseTheme("purple", "light")).toBe("light");
    expect(chooseTheme(null, undefined)).toBe("system");
  });

  it("turns the configured brand into CSS variables for light and dark", () => {
    const css = themeCss(brand);
    expect(css).toContain("--color-brand:light-dark(#0f766e, #5eead4)");
    expect(css).toContain("--radius:6px");
    // More specific than the stylesheet's own :root, wherever the two land in the page.
    expect(css).toMatch(/^:root:root\{[^{}<>]+\}$/);
  });

  it("draws the site's icon in the brand's colours, and never writes a value that is not a colour", () => {
    expect(brandIconSvg(brand.light)).toContain('fill="#0f766e"');
    expect(brandIconSvg({ ...brand.light, brand: '"/><script>' })).not.toContain("script");
  });

  it("drops values that could break out of the rule", () => {
    const css = themeCss({ ...brand, radius: "4px}</style><script>alert(1)</script>" });
    expect(css).not.toContain("script");
    expect(css).not.toContain("--radius");
  });
});
