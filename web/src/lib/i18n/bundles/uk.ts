/** The uk catalogue files, bundled as one chunk loaded only when uk is shown (or is the fallback). */
export default import.meta.glob('../../../locales/uk/*.json', { eager: true, import: 'default' });
