/**
 * Dates as printed reports write them, shared by the print view and the report's reference
 * sections (src/components/reference/reference-report.tsx), so one report never mixes
 * "21 Nov 2026" with "21 November 2026". Pure: no React.
 */
import type { Lang } from '../data/catalog-types';

/**
 * One way of writing dates in a printed report, in each language: Chinese 2026年11月21日, as
 * official documents write them; English day first with the month in words, 21 November
 * 2026, which no reader takes for 11 November (the interface's `en` locale would print
 * 11/21/2026, a British one 21/11/2026). Layer dates (ISO YYYY-MM-DD), the printing date,
 * the status, the history and the "generated" stamp all go through these two functions.
 */
const REPORT_LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };
const REPORT_DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date as the report writes it: "2026年11月21日" / "21 November 2026". `value` is a Date, an
 * ISO timestamp (its local day), or an ISO calendar day YYYY-MM-DD such as a layer's
 * provenance date, which stays that day whatever the printing computer's time zone.
 * Text that is not a date comes back as it is.
 */
export function reportDate(value: Date | string, lang: Lang): string {
  const day = typeof value === 'string' ? ISO_DAY.exec(value) : null;
  if (day) {
    const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const utc = new Date(Date.UTC(year, month - 1, dayOfMonth));
    // Date.UTC rolls 2026-02-30 over into March: such a "day" is not a date.
    if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== dayOfMonth) return value as string;
    return utc.toLocaleDateString(REPORT_LOCALE[lang], { ...REPORT_DATE, timeZone: 'UTC' });
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (!Number.isFinite(date.getTime())) return String(value);
  return date.toLocaleDateString(REPORT_LOCALE[lang], REPORT_DATE);
}

/** A moment (ISO timestamp) as the report writes it: its {@link reportDate} and the local 24-hour time, "2026年11月21日 14:30" / "21 November 2026, 14:30". */
export function reportTimestamp(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return iso;
  const time = date.toLocaleTimeString(REPORT_LOCALE[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${reportDate(date, lang)}${lang === 'zh' ? ' ' : ', '}${time}`;
}
