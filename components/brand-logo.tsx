/**
 * The brand's logo (widgetConfig.brand.logo) beside a title. Decorative: the title beside it names the brand. Served
 * as the file is (a logo is small, and SVG must not pass through the image optimizer) and at once: it is at the top.
 * A plain img: next/image would add its client code to the chat's first download for nothing it does here.
 */
export function BrandLogo({ src }: { src: string | null }) {
  if (!src) return null;
  // eslint-disable-next-line @next/next/no-img-element -- unoptimized on purpose (above); no loader, no srcset
  return <img className="brand-logo" src={src} alt="" width={32} height={32} loading="eager" decoding="async" />;
}
