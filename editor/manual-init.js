// Decap CMS starts only when kompetanse-editor.js has registered the site's file format
// and preview and hands it the generated configuration.
window.CMS_MANUAL_INIT = true;
