/** Stylesheets imported as text (Vite's `?inline`), injected by the lazy chunk that needs them. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
