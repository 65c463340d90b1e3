export const DEFAULT_THRESHOLD = 0.6;
