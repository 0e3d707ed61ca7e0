/** The message loaders web/vite/message-chunks.ts generates: language → namespace → its messages. */
declare module 'virtual:messages' {
  export const messageLoaders: Record<
    string,
    Record<string, (() => Promise<Record<string, unknown>>) | undefined> | undefined
  >;
}
