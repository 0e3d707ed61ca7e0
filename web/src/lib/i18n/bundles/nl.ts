/** The nl catalogue files, bundled as one chunk loaded only when nl is shown (or is the fallback). */
export default import.meta.glob('../../../locales/nl/*.json', { eager: true, import: 'default' });
