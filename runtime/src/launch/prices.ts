/**
 * Estimated cost of a node per hour, from a dated table of on-demand list prices per chip-hour (Cloud TPU pricing
 * page, us-central regions). It is an estimate: prices differ by region, change over time, and spot, committed-use
 * and reserved capacity are priced differently. Every figure shown to users says "estimate" and the table's date.
 */
import { acceleratorInfo } from './acceleratorTypes';

/** When the table was taken from the pricing page. */
export const PRICE_TABLE_DATE = '2025-01';
export const PRICE_SOURCE = 'https://cloud.google.com/tpu/pricing';

/** On-demand US dollars per chip-hour, by generation. */
const USD_PER_CHIP_HOUR: Record<string, number> = {
  v2: 1.125,
  v3: 2.0,
  v4: 3.22,
  v5e: 1.2,
  v5p: 4.2,
  v6e: 2.7,
};

export interface PriceEstimate {
  usdPerHour: number;
  chips: number;
  /** One line for status bars and confirmations: `~$12.88/h (estimate, on-demand list price 2025-01)`. */
  label: string;
}

/** The estimate for a node of `type`; undefined for a generation the table does not hold. */
export function estimatePrice(type: string, spot = false): PriceEstimate | undefined {
  const info = acceleratorInfo(type);
  const perChip = info && USD_PER_CHIP_HOUR[info.generation];
  if (!info || perChip === undefined) return undefined;
  const usdPerHour = Math.round(perChip * info.chips * 100) / 100;
  // Spot prices move daily: the on-demand price is shown as what a spot node costs at most.
  const basis = spot ? `spot: at most the on-demand list price of ${PRICE_TABLE_DATE}` : `on-demand list price of ${PRICE_TABLE_DATE}`;
  return { usdPerHour, chips: info.chips, label: `~$${usdPerHour.toFixed(2)}/h (estimate, ${basis})` };
}
