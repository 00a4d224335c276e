// @joplin/turndown-plugin-gfm (a maintained fork of turndown-plugin-gfm) ships no types.
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
  export const tables: TurndownService.Plugin;
  export const strikethrough: TurndownService.Plugin;
  export const taskListItems: TurndownService.Plugin;
  const plugin: { gfm: TurndownService.Plugin };
  export default plugin;
}
