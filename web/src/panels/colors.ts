/** The page's palette: one colour per meaning, shared by series, legend swatches and level labels. */
export const COLORS = {
  call: '#2f9e44',
  put: '#e03131',
  net: '#1c7ed6',
  spot: '#495057',
  flip: '#e8590c',
  wall: '#862e9c',
  absGamma: '#0c8599',
  pain: '#5f3dc4',
  cluster: '#f59f00',
  next: '#f08c00',
  zeroDte: '#c2255c',
  text: '#212529',
  grid: '#dee2e6',
} as const;

/** Per-series palette where series have no meaning of their own (venues, smile expiries). */
export const SERIES_COLORS = ['#1c7ed6', '#f08c00', '#2f9e44', '#862e9c', '#e03131', '#495057'] as const;
