// OCR settings shared by the modules: what MISP shows (as userConfig or admin settings) and how the
// strings it sends back are read.
import { assetLocations, isModelInstalled, modelDirectoryLanguages, type AssetLocations } from '../../wasm/assets.ts';
import { ModuleError } from './contract.ts';

const LANGUAGE_NAMES: Record<string, string> = {
  eng: 'English', deu: 'German', fra: 'French', spa: 'Spanish', ita: 'Italian', nld: 'Dutch',
  por: 'Portuguese', pol: 'Polish', ces: 'Czech', swe: 'Swedish', dan: 'Danish', nor: 'Norwegian',
  fin: 'Finnish', ron: 'Romanian', hun: 'Hungarian', tur: 'Turkish', rus: 'Russian', ukr: 'Ukrainian',
};

let found: { locations: AssetLocations; languages: Record<string, string> } | undefined;

/**
 * Languages with a model, with their names: `eng` always, others as installed from npm or found in
 * the model directory. Looked up on first use, because the model directory is known only once the
 * command line is read, and again only when the asset locations change.
 */
export function installedLanguages(): Record<string, string> {
  const locations = assetLocations();
  if (found?.locations !== locations) {
    const languages = Object.entries(LANGUAGE_NAMES).filter(([code]) => code === 'eng' || isModelInstalled(code));
    for (const code of modelDirectoryLanguages()) if (!languages.some(([known]) => known === code)) languages.push([code, LANGUAGE_NAMES[code] ?? code]);
    found = { locations, languages: Object.fromEntries(languages) };
  }
  return found.languages;
}

/** Tesseract page segmentation modes worth offering (0-2 need the legacy engine, compiled out here). */
export const PAGE_SEGMENTATION_MODES: Record<string, string> = {
  '3': 'Automatic page layout (default)',
  '4': 'A single column of text',
  '6': 'A single uniform block of text',
  '11': 'Sparse text, in no particular order',
};

export const SETTING_NAMES = ['language', 'page_segmentation_mode', 'max_pages'] as const;

/** The settings as an import module's `userConfig` form. */
export const USER_CONFIG = {
  language: {
    type: 'Select',
    get options() {
      return installedLanguages();
    },
    message: 'Language of the document',
  },
  page_segmentation_mode: {
    type: 'Select',
    options: PAGE_SEGMENTATION_MODES,
    message: 'How the text is laid out on the page',
  },
  max_pages: {
    type: 'String',
    message: 'Read at most this many pages (empty: all)',
    regex: '^[0-9]*$',
    errorMessage: 'A whole number of pages, or nothing',
    validation: '0',
  },
};

export interface OcrSettings {
  language: string;
  pageSegMode?: number;
  maxPages?: number;
}

/** One setting of a request's `config`, trimmed; '' when absent (MISP sends every value as a string). */
export function settingText(config: unknown, key: string): string {
  const values = config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const value = values[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number') throw new ModuleError(`The setting "${key}" must be a string.`);
  return String(value).trim();
}

/** Reads the `config` object of a request; unknown keys are ignored, empty values mean default. */
export function readOcrSettings(config: unknown): OcrSettings {
  const text = (key: string) => settingText(config, key);
  const settings: OcrSettings = { language: text('language') || 'eng' };
  const languages = installedLanguages();
  if (!(settings.language in languages)) {
    throw new ModuleError(`The language "${settings.language}" is not installed; available: ${Object.keys(languages).join(', ')}.`);
  }
  const mode = text('page_segmentation_mode');
  if (mode) {
    if (!(mode in PAGE_SEGMENTATION_MODES)) {
      throw new ModuleError(`The page segmentation mode must be one of ${Object.keys(PAGE_SEGMENTATION_MODES).join(', ')}.`);
    }
    settings.pageSegMode = Number(mode);
  }
  const pages = text('max_pages');
  if (pages) {
    if (!/^[1-9][0-9]*$/.test(pages)) throw new ModuleError('"max_pages" must be a whole number of pages, 1 or more.');
    settings.maxPages = Number(pages);
  }
  return settings;
}
