// Stands in for sharp in the compiled entry points. transformers.js 2 imports sharp at load to
// read images; this project embeds text only, and loading the native library costs ~30 ms of
// every start. transformers.js needs a value here, so it is a function that refuses.
export default function sharp() {
  throw new Error('image input is not supported: this build embeds text only');
}
