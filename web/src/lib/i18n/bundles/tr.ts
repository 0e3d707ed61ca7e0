/** The tr catalogue files, bundled as one chunk loaded only when tr is shown (or is the fallback). */
export default import.meta.glob('../../../locales/tr/*.json', { eager: true, import: 'default' });
