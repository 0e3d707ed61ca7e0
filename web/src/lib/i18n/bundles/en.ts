/** The en catalogue files, bundled as one chunk loaded only when en is shown (or is the fallback). */
export default import.meta.glob('../../../locales/en/*.json', { eager: true, import: 'default' });
