import { withBrand } from "@/lib/brand";
import { widgetConfig } from "@/lib/widget-config";
import arCatalog from "../messages/ar.json";
import enCatalog from "../messages/en.json";
import esCatalog from "../messages/es.json";

// The sentences the specs look for, read from the catalogs rather than written again, with the configured brand's
// name written in as the app does: a fork that renames its chat changes what its visitors read, and these tests
// follow.
export const en = withBrand(enCatalog, widgetConfig.brand.name);
export const es = withBrand(esCatalog, widgetConfig.brand.name);
export const ar = withBrand(arCatalog, widgetConfig.brand.name);
