/** The ti catalogue files, bundled as one chunk loaded only when ti is shown (or is the fallback). */
export default import.meta.glob('../../../locales/ti/*.json', { eager: true, import: 'default' });
