/** The ar catalogue files, bundled as one chunk loaded only when ar is shown (or is the fallback). */
export default import.meta.glob('../../../locales/ar/*.json', { eager: true, import: 'default' });
