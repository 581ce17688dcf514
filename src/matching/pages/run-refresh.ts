/** How often the matching page reloads itself while a run computes (seconds). */
export const RUN_REFRESH_SECONDS = 3;
