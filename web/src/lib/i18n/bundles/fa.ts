/** The fa catalogue files, bundled as one chunk loaded only when fa is shown (or is the fallback). */
export default import.meta.glob('../../../locales/fa/*.json', { eager: true, import: 'default' });
