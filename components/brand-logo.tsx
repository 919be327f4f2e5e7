import Image from "next/image";

/**
 * The brand's logo (widgetConfig.brand.logo) beside a title. Decorative: the title beside it names the brand. Served
 * as the file is (a logo is small, and SVG must not pass through the image optimizer) and at once: it is at the top.
 */
export function BrandLogo({ src }: { src: string | null }) {
  if (!src) return null;
  return <Image className="brand-logo" src={src} alt="" width={32} height={32} loading="eager" unoptimized />;
}
