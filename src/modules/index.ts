// The registry: adding a module is adding its file and one line here.
import type { MispModule } from './contract.ts';
import { ocr } from './ocr.ts';
import { ocrEnrich } from './ocr_enrich.ts';
import { ocrReport } from './ocr_report.ts';

export const modules: readonly MispModule[] = [ocr, ocrEnrich, ocrReport];
