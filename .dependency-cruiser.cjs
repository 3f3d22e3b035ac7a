/**
 * The layers of src/, bottom up. A folder may import only itself and the folders listed before
 * it; channels and vendors sit side by side and never import each other, nor one channel (or
 * vendor) another. README's "Layout" section draws the same picture. Run: `npm run depcheck`.
 */
const LAYERS = [
  'common',
  'contract',
  'identity',
  'message-log',
  'idempotency',
  'templates',
  'dispatch',
  'suppressions',
  'provider-reports',
  'engagement',
  'sending',
  'channels',
  'vendors',
  'api',
  'dialects',
];

const SIDE_BY_SIDE = { channels: 'vendors', vendors: 'channels' };

const above = (index) => LAYERS.slice(index + 1);

// The top layer has nothing above it: no rule (an empty path list would match every import).
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ imports only the layers below it: ${LAYERS.slice(0, index).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: [
      ...above(index).filter((upper) => upper !== SIDE_BY_SIDE[layer]),
      ...(SIDE_BY_SIDE[layer] ? [SIDE_BY_SIDE[layer]] : []),
    ].map((upper) => `^src/${upper}/`),
  },
}))
  // The top layer has none above it: an empty path list would match every file.
  .filter((rule) => rule.to.path.length > 0);

/** `src/<layer>/<one>/` never imports `src/<layer>/<other>/` for these layers. */
const independentFolders = ['channels', 'vendors', 'dialects'].map((layer) => ({
  name: `independent-${layer}`,
  comment: `one folder of src/${layer}/ never imports another`,
  severity: 'error',
  from: { path: `^src/${layer}/([^/]+)/` },
  to: { path: `^src/${layer}/`, pathNot: `^src/${layer}/$1/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles between files',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'no two folders import each other, directly or through others',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    ...independentFolders,
    {
      name: 'src-not-to-tests',
      comment: 'production code never imports tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'composition-root-only-at-top',
      comment: 'only the composition root (files directly in src/) imports app.module and friends',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
