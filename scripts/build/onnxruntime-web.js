// Stands in for onnxruntime-web in the compiled entry points. transformers.js 2 imports both
// ONNX runtimes but uses onnxruntime-web only in browsers (backends/onnx.js picks onnxruntime-node
// in Node); loading it anyway costs ~100 ms of every start. Nothing here is ever called.
export default undefined;
