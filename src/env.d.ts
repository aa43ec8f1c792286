/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    runtime: import('./web/runtime.ts').Runtime;
    locale: import('./core/i18n/index.ts').Locale;
    t: import('./core/i18n/index.ts').Translate;
  }
}
